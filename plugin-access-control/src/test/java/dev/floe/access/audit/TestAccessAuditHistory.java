package dev.floe.access.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.access.evaluation.AppliedFilter;
import dev.floe.access.evaluation.AppliedMask;
import dev.floe.access.evaluation.Decision;
import dev.floe.access.policy.ResourceName;
import dev.floe.handover.HistoryHandoverWriter;
import io.trino.spi.security.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows the access control hands to the query history: the contract with plugin-event-listener's access_audit table. */
final class TestAccessAuditHistory
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void denialsFiltersAndMasksBecomeAccessAuditRowsNamingTheirPolicies()
            throws IOException
    {
        AccessAudit audit = new AccessAudit(Optional.of(new HistoryHandoverWriter(directory)));
        Identity analyst = Identity.ofUser("analyst");
        ResourceName customers = ResourceName.of("lakehouse", "demo", "customers");
        audit.denied(analyst, Optional.of("q1"), "SELECT", "lakehouse.demo.orders", "v7", new Decision(false, List.of("deny_orders"), false));
        audit.applied(analyst, Optional.of("q2"), customers, "v7",
                Optional.of(new AppliedFilter("region = 'EU'", Optional.empty(), List.of("eu_rows"))),
                Map.of("email", new AppliedMask("email", "mask_email(email)", Optional.of("floe_policy"), "pii_email")));
        // the same relation again in the same query: recorded once
        audit.applied(analyst, Optional.of("q2"), customers, "v7",
                Optional.of(new AppliedFilter("region = 'EU'", Optional.empty(), List.of("eu_rows"))),
                Map.of("email", new AppliedMask("email", "mask_email(email)", Optional.of("floe_policy"), "pii_email")));

        assertThat(files(".open")).hasSize(1);
        assertThat(files(".rows")).isEmpty();
        audit.close();
        assertThat(files(".open")).isEmpty();
        List<Path> sealed = files(".rows");
        assertThat(sealed).hasSize(1);

        List<JsonNode> rows = Files.readAllLines(sealed.getFirst()).stream().map(TestAccessAuditHistory::parse).toList();
        assertThat(rows).extracting(row -> row.get("t").asText()).containsOnly("access_audit");
        assertThat(rows).extracting(row -> row.get("v").get("kind").asText()).containsExactly("denied", "row_filter", "column_mask");
        JsonNode denied = rows.get(0).get("v");
        assertThat(denied.get("query_id").asText()).isEqualTo("q1");
        assertThat(denied.get("user").asText()).isEqualTo("analyst");
        assertThat(denied.get("message").asText()).startsWith("SELECT lakehouse.demo.orders: ");
        assertThat(denied.get("policies").toString()).isEqualTo("[\"deny_orders\"]");
        assertThat(denied.get("policy_version").asText()).isEqualTo("v7");
        assertThat(denied.get("create_time").isIntegralNumber()).isTrue();
        assertThat(Math.abs(denied.get("create_time").asLong() / 1_000 - System.currentTimeMillis())).isLessThan(60_000);
        JsonNode filter = rows.get(1).get("v");
        assertThat(List.of(filter.get("catalog_name").asText(), filter.get("schema_name").asText(), filter.get("table_name").asText(), filter.get("expression").asText(), filter.get("policies").toString()))
                .containsExactly("lakehouse", "demo", "customers", "region = 'EU'", "[\"eu_rows\"]");
        JsonNode mask = rows.get(2).get("v");
        assertThat(List.of(mask.get("column_name").asText(), mask.get("expression").asText(), mask.get("policies").toString()))
                .containsExactly("email", "mask_email(email)", "[\"pii_email\"]");
    }

    @Test
    void withoutAHistoryDirectoryNothingIsWritten()
            throws IOException
    {
        AccessAudit audit = new AccessAudit(Optional.empty());
        audit.denied(Identity.ofUser("guest"), Optional.of("q"), "SELECT", "x", "v1", new Decision(false, List.of(), false));
        audit.close();
        assertThat(audit.denials()).isEqualTo(1);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    private List<Path> files(String suffix)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(suffix)).toList();
        }
    }

    private static JsonNode parse(String line)
    {
        try {
            return JSON.readTree(line);
        }
        catch (IOException e) {
            throw new IllegalArgumentException(line, e);
        }
    }
}
