package dev.floe.access.governance;

import com.google.common.collect.Iterables;
import com.google.common.hash.Hashing;
import dev.floe.access.AccessControlTestRunners;
import dev.floe.access.FloeAccessControlPlugin;
import dev.floe.access.spi.FloeAccessControl;
import io.trino.Session;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The {@code governance} catalog on the demo policy, with the access control created by the same plugin
 * instance that serves the catalog, as in a server; and a worker, with the coordinator scheduling no work, as
 * in the stack, so the coordinator-only splits are placed as they will be there.
 */
@TestInstance(PER_CLASS)
final class TestGovernanceCatalog
{
    private static final String CUSTOMERS = """
            CREATE TABLE lakehouse.demo.customers AS
            SELECT * FROM (VALUES
                (BIGINT '1', 'Jane Doe', 'jane.doe@example.com', '+1 (415) 555-0132', '123-45-6789', BIGINT '123456789', DATE '1980-07-14', 'NA'))
                AS t(customer_id, name, email, phone, ssn, tax_id, birth_date, region)
            """;

    private final Path policyFile = AccessControlTestRunners.repositoryRoot().resolve("etc/policy/floe-policy.yaml");
    private QueryRunner runner;

    @BeforeAll
    void setUp()
            throws Exception
    {
        FloeAccessControlPlugin plugin = new FloeAccessControlPlugin();
        SystemAccessControlFactory factory = Iterables.getOnlyElement(plugin.getSystemAccessControlFactories());
        SystemAccessControl accessControl = factory.create(Map.of(
                "floe.policy.file", policyFile.toString(),
                "floe.policy.expression-path", "masking.functions",
                "floe.policy.refresh-period", "0s"), AccessControlTestRunners.CONTEXT);
        runner = AccessControlTestRunners.runner((FloeAccessControl) accessControl)
                .withLakehouse("lakehouse")
                .withWorkerCount(1)
                .withExtraProperty("node-scheduler.include-coordinator", "false")
                .withPlugin(plugin)
                .withCatalog("governance", GovernanceConnectorFactory.NAME, Map.of())
                .build();
        runner.execute(as("admin"), "CREATE SCHEMA lakehouse.demo");
        runner.execute(as("admin"), CUSTOMERS);
    }

    @AfterAll
    void tearDown()
    {
        runner.close();
    }

    @Test
    void analystSeesAllRowsWithPersonalDataMasked()
    {
        List<Explained> rows = explain("analyst");
        assertThat(rows).contains(
                new Explained("privilege", "SELECT", true, null, "allowed by analysts-read-demo"),
                new Explained("privilege", "SHOW", true, null, "allowed by analysts-read-demo"),
                new Explained("privilege", "INSERT", false, null, "denied: no rule allows it"),
                new Explained("column", "email", true, "mask_email(\"email\")", "allowed by analysts-read-demo; masked by mask-email"),
                new Explained("column", "phone", true, "mask_phone(\"phone\")", "allowed by analysts-read-demo; masked by mask-phone"),
                new Explained("column", "birth_date", true, "mask_date_year(\"birth_date\")", "allowed by analysts-read-demo; masked by birth-date-to-year"),
                // tagged pii by the table only: no mask covers the bare tag
                new Explained("column", "name", true, null, "allowed by analysts-read-demo"),
                // pii.ssn, but no varchar mask fits a bigint: the catch-all of lowest priority
                new Explained("column", "tax_id", true, "mask_null(\"tax_id\")", "allowed by analysts-read-demo; masked by other-personal-data"));
        assertThat(rows).filteredOn(row -> row.kind().equals("row_filter")).isEmpty();
        assertThat(rows).filteredOn(row -> row.kind().equals("tag") && row.name().equals("email"))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.detail()).isEqualTo("pii, pii.email");
                    assertThat(row.rules()).contains("[pii] on lakehouse.demo.customers", "by auto-tag rule");
                });
    }

    @Test
    void regionalAnalystGetsTheRegionFilter()
    {
        List<Explained> rows = explain("eu_analyst");
        assertThat(rows).filteredOn(row -> row.kind().equals("row_filter")).containsExactly(
                new Explained("row_filter", "lakehouse.demo.customers", null, "(region = 'EU')", "regional-analysts-see-their-region; runs as floe_policy"));
        assertThat(rows).contains(
                new Explained("privilege", "SELECT", true, null, "allowed by analysts-read-demo"),
                new Explained("column", "email", true, "mask_email(\"email\")", "allowed by analysts-read-demo; masked by mask-email"));
    }

    @Test
    void guestMaySeeNothing()
    {
        List<Explained> rows = explain("guest");
        assertThat(rows).filteredOn(row -> !row.kind().equals("tag")).allSatisfy(row -> {
            assertThat(row.allowed()).isFalse();
            assertThat(row.detail()).isNull();
            assertThat(row.rules()).isEqualTo("denied: no rule allows it");
        });
        assertThat(rows).extracting(Explained::name).contains("SELECT", "SHOW", "email", "region");
    }

    @Test
    void adminIsAllowedEverythingUnmasked()
    {
        // names are case-insensitive; groups may hold NULLs, which are ignored
        List<Explained> rows = explain("admin", "'LAKEHOUSE.Demo.Customers', groups => ARRAY['ops', NULL]");
        assertThat(rows).filteredOn(row -> !row.kind().equals("tag")).allSatisfy(row -> {
            assertThat(row.allowed()).isTrue();
            assertThat(row.detail()).isNull();
            assertThat(row.rules()).isEqualTo("allowed by admin role");
        });
        assertThat(rows).filteredOn(row -> row.kind().equals("column")).hasSize(8);
    }

    @Test
    void unknownTableIsNamed()
    {
        assertThatThrownBy(() -> runner.execute(as("admin"), "SELECT * FROM TABLE(governance.policy.explain_access(user => 'analyst', table_name => 'lakehouse.demo.nope'))"))
                .hasMessageContaining("explain_access: table 'lakehouse.demo.nope' does not exist");
        assertThatThrownBy(() -> runner.execute(as("admin"), "SELECT * FROM TABLE(governance.policy.explain_access(user => 'analyst', table_name => 'customers'))"))
                .hasMessageContaining("table_name 'customers' is not catalog.schema.table");
    }

    @Test
    void statusShowsTheActiveVersion()
            throws Exception
    {
        MaterializedRow status = runner.execute(as("admin"), "SELECT file, version, reloads, failed_reloads, last_error, loaded_at IS NOT NULL FROM governance.policy.status")
                .getMaterializedRows().getFirst();
        assertThat(status.getFields()).containsExactly(
                policyFile.toString(),
                Hashing.sha256().hashBytes(Files.readAllBytes(policyFile)).toString(),
                0L,
                0L,
                null,
                true);
    }

    @Test
    void rulesListTheDemoRulesWithTheirLocations()
            throws Exception
    {
        List<String> lines = Files.readAllLines(policyFile);
        MaterializedRow read = rule("analysts-read-demo");
        assertThat(read.getFields()).containsExactly(
                "privilege", "allow", List.of("SELECT", "SHOW"), List.of("analyst"), List.of("lakehouse.demo"), null, null, null,
                policyFile + ":" + (lines.indexOf("  - name: analysts-read-demo") + 1));
        MaterializedRow filter = rule("regional-analysts-see-their-region");
        assertThat(filter.getFields()).containsExactly(
                "row_filter", null, null, List.of("analyst"), List.of("lakehouse.demo.customers"), "\"region\" in user.attributes", "region = $USER_ATTRIBUTE('region')", null,
                policyFile + ":" + (lines.indexOf("  - name: regional-analysts-see-their-region") + 1));
        MaterializedRow mask = rule("other-personal-data");
        assertThat(mask.getFields()).containsExactly(
                "column_mask", null, null, List.of("analyst"), List.of("*"), null, "mask_null(@column)", -100,
                policyFile + ":" + (lines.indexOf("  - name: other-personal-data") + 1));
        assertThat(runner.execute(as("admin"), "SELECT count(*) FROM governance.policy.rules").getOnlyValue()).isEqualTo(14L);
    }

    @Test
    void rolesShowBindingsAndAdmin()
    {
        assertThat(runner.execute(as("admin"), "SELECT role, inherits, admin, bound_users, bound_groups FROM governance.policy.roles ORDER BY role").getMaterializedRows())
                .extracting(MaterializedRow::getFields)
                .containsExactly(
                        List.of("admin", List.of(), true, List.of("admin", "floe", "floe_cache", "floe_policy"), List.of()),
                        List.of("analyst", List.of(), false, List.of("analyst", "eu_analyst"), List.of()),
                        List.of("auditor", List.of(), false, List.of("auditor"), List.of()));
    }

    @Test
    void onlyWhomThePolicyGrantsMayQueryTheCatalog()
    {
        assertThatThrownBy(() -> runner.execute(as("analyst"), "SELECT * FROM governance.policy.status"))
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> runner.execute(as("analyst"), "SELECT * FROM TABLE(governance.policy.explain_access(user => 'analyst', table_name => 'lakehouse.demo.customers'))"))
                .hasMessageContaining("Access Denied");
        assertThat(runner.execute(as("analyst"), "SHOW CATALOGS").getOnlyColumnAsSet()).doesNotContain("governance");
        assertThat(runner.execute(as("admin"), "SHOW TABLES FROM governance.policy").getOnlyColumnAsSet()).containsExactlyInAnyOrder("status", "rules", "roles");
    }

    private MaterializedRow rule(String name)
    {
        return runner.execute(as("admin"), """
                SELECT kind, effect, privileges, roles, resources, condition, expression, priority, location
                FROM governance.policy.rules WHERE name = '%s'""".formatted(name)).getMaterializedRows().getFirst();
    }

    private record Explained(String kind, String name, Boolean allowed, String detail, String rules) {}

    private List<Explained> explain(String user)
    {
        return explain(user, "'lakehouse.demo.customers'");
    }

    private List<Explained> explain(String user, String arguments)
    {
        List<Explained> rows = new ArrayList<>();
        for (MaterializedRow row : runner.execute(as("admin"), """
                SELECT kind, name, allowed, detail, rules
                FROM TABLE(governance.policy.explain_access(user => '%s', table_name => %s))""".formatted(user, arguments)).getMaterializedRows()) {
            rows.add(new Explained((String) row.getField(0), (String) row.getField(1), (Boolean) row.getField(2), (String) row.getField(3), (String) row.getField(4)));
        }
        return rows;
    }

    private Session as(String user)
    {
        return sessionFor(runner.getDefaultSession(), user);
    }
}
