package dev.floe.access.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.access.spi.PolicyStore;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SelectedRole;
import io.trino.testing.DistributedQueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.floe.access.security.SecurityFixture.ADMIN;
import static dev.floe.access.security.SecurityFixture.ANALYST;
import static dev.floe.access.security.SecurityFixture.GUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Who the user is cannot be changed from SQL or the client (roles come from the policy file only, impersonation is
 * admin's), and the policy in force cannot be knocked out by writing a broken file.
 */
@TestInstance(PER_CLASS)
final class TestSecurityIdentityAndReload
{
    private static final String MAX_EMAIL = "SELECT email FROM lakehouse.sec.customers WHERE customer_id = 2";
    private static final String EMAIL_MASK_RULE = """
              - name: mask-email
                roles: [analyst]
                on: lakehouse.sec.*
                tags: [pii.email]
                type: varchar
                mask: mask_email(@column)
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SecurityFixture fixture;

    @BeforeAll
    void setUp()
            throws Exception
    {
        fixture = SecurityFixture.start();
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        fixture.close();
    }

    @Test
    void rolesComeFromThePolicyFileOnly()
    {
        // policy roles are not SQL roles: there is no system role to enable, and the connector has none
        assertThatThrownBy(() -> fixture.query(ANALYST, "SET ROLE admin")).hasMessageContaining("Role 'admin' does not exist");
        assertThatThrownBy(() -> fixture.query(ANALYST, "SET ROLE admin IN lakehouse")).hasMessageContaining("This connector does not support roles");
        // a client that claims the role in its request headers is refused before the query starts
        Session claimsAdmin = Session.builder(fixture.as(ANALYST))
                .setIdentity(Identity.forUser(ANALYST).withConnectorRole("system", new SelectedRole(SelectedRole.Type.ROLE, Optional.of("admin"))).build())
                .build();
        assertThatThrownBy(() -> fixture.rows(claimsAdmin, MAX_EMAIL)).hasMessageContaining("Access Denied: Cannot set role admin");
        Session allRoles = Session.builder(fixture.as(ANALYST))
                .setIdentity(Identity.forUser(ANALYST).withConnectorRole("system", new SelectedRole(SelectedRole.Type.ALL, Optional.empty())).build())
                .build();
        assertThat(fixture.rows(allRoles, MAX_EMAIL)).extracting(row -> row.getField(0)).containsExactly("xxxx@example.de");
        for (String statement : List.of("CREATE ROLE admin", "GRANT SELECT ON lakehouse.oracle.customers TO analyst", "REVOKE SELECT ON lakehouse.sec.customers FROM analyst")) {
            fixture.assertAccessDenied(ANALYST, statement, "privileges and roles are managed in the Floe policy file");
        }
        assertThatThrownBy(() -> fixture.query(ANALYST, "GRANT admin TO USER analyst")).hasMessageContaining("Role 'admin' does not exist");
        assertThat(fixture.query(ANALYST, MAX_EMAIL).getOnlyValue()).isEqualTo("xxxx@example.de");
    }

    @Test
    void onlyAdminMayActAsAnotherUser()
            throws Exception
    {
        fixture.assertAccessDenied(ANALYST, "SET SESSION AUTHORIZATION admin", "Cannot impersonate user admin");
        fixture.assertAccessDenied(GUEST, "SET SESSION AUTHORIZATION analyst", "Cannot impersonate user analyst");
        fixture.query(ADMIN, "SET SESSION AUTHORIZATION analyst");

        // the protocol's way: X-Trino-Original-User is who connected, X-Trino-User who they want to act as
        assertThat(execute(ANALYST, ADMIN, MAX_EMAIL)).isEqualTo(new ProtocolResult(List.of(), Optional.of("Access Denied: Cannot impersonate user admin")));
        // admin acting as the analyst gets the analyst's masks
        assertThat(execute(ADMIN, ANALYST, "SELECT current_user, email FROM lakehouse.sec.customers WHERE customer_id = 2"))
                .isEqualTo(new ProtocolResult(List.of(List.of("analyst", "xxxx@example.de")), Optional.empty()));
        assertThat(execute(ANALYST, ANALYST, "SELECT count(*) FROM lakehouse.sec.customers"))
                .isEqualTo(new ProtocolResult(List.of(List.of("6")), Optional.empty()));
    }

    @Test
    void brokenPolicyKeepsTheLastGoodVersionAndAValidChangeAppliesOnTheNextQuery()
            throws IOException
    {
        PolicyStore policies = fixture.accessControl().policies();
        String original = SecurityFixture.policyText();
        String version = policies.status().policy().version();
        assertThat(fixture.query(ANALYST, MAX_EMAIL).getOnlyValue()).isEqualTo("xxxx@example.de");
        try {
            // a write cut off in the middle of the masks
            Files.writeString(fixture.policyFile(), original.substring(0, original.indexOf("column_masks:")) + """
                    column_masks:
                      - name: mask-email
                        roles: [analyst]
                        mask: mask_email(@column""");
            assertThat(policies.refresh()).isFalse();
            assertThat(policies.status().failedReloads()).isEqualTo(1);
            assertThat(policies.status().lastError()).hasValueSatisfying(error -> assertThat(error).contains("rejected", version));
            assertThat(policies.status().policy().version()).isEqualTo(version);
            assertThat(fixture.query(ANALYST, MAX_EMAIL).getOnlyValue()).isEqualTo("xxxx@example.de");
            assertThat(fixture.query(ANALYST, "SELECT count(*) FROM lakehouse.sec.customers").getOnlyValue()).isEqualTo(6L);

            assertThat(original).contains(EMAIL_MASK_RULE);
            Files.writeString(fixture.policyFile(), original.replace(EMAIL_MASK_RULE, ""));
            assertThat(policies.refresh()).isTrue();
            // the next query runs on the new version: email unmasked, everything else as before
            assertThat(fixture.rows(ANALYST, "SELECT email, ssn FROM lakehouse.sec.customers WHERE customer_id = 2").getFirst().getFields())
                    .containsExactly("max@example.de", "XXX-XX-7890");
            assertThat(fixture.query(ANALYST, "SELECT count(*) FROM lakehouse.sec.customers").getOnlyValue()).isEqualTo(6L);
        }
        finally {
            Files.writeString(fixture.policyFile(), original);
            policies.refresh();
        }
        assertThat(policies.status().policy().version()).isEqualTo(version);
        assertThat(fixture.query(ANALYST, MAX_EMAIL).getOnlyValue()).isEqualTo("xxxx@example.de");
    }

    private record ProtocolResult(List<List<String>> rows, Optional<String> error) {}

    /**
     * Runs the query through the client protocol, as a driver does, and returns its rows as text or its error.
     */
    private ProtocolResult execute(String originalUser, String user, String sql)
            throws IOException, InterruptedException
    {
        URI statement = ((DistributedQueryRunner) fixture.runner()).getCoordinator().getBaseUrl().resolve("/v1/statement");
        HttpRequest request = HttpRequest.newBuilder(statement)
                .header("X-Trino-Original-User", originalUser)
                .header("X-Trino-User", user)
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode results = json.readTree(response.body());
            if (results.has("error")) {
                return new ProtocolResult(rows, Optional.of(results.get("error").get("message").asText()));
            }
            for (JsonNode row : results.path("data")) {
                List<String> values = new ArrayList<>();
                row.forEach(value -> values.add(value.asText()));
                rows.add(values);
            }
            if (!results.hasNonNull("nextUri")) {
                return new ProtocolResult(rows, Optional.empty());
            }
            request = HttpRequest.newBuilder(URI.create(results.get("nextUri").asText())).header("X-Trino-User", user).GET().build();
        }
    }
}
