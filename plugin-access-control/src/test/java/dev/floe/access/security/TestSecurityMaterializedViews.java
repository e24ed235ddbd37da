package dev.floe.access.security;

import dev.floe.access.AccessControlTestRunners;
import dev.floe.access.spi.FloeAccessControl;
import io.trino.Session;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.floe.access.AccessControlTestRunners.repositoryRoot;
import static dev.floe.testing.FloeQueryRunner.sessionFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Materialized views, on an Iceberg catalog where Trino 476 has them (a file metastore; its REST catalog has none):
 * the view computes with its owner's rights, and the reader's filters and masks apply to the view's name, so what a
 * reader gets equals a masked and filtered copy of the owner's result. Readers may not create, refresh or drop one.
 */
@TestInstance(PER_CLASS)
final class TestSecurityMaterializedViews
{
    private Path warehouse;
    private QueryRunner runner;

    @BeforeAll
    void setUp()
            throws Exception
    {
        warehouse = Files.createTempDirectory("floe-mv-warehouse");
        FloeAccessControl accessControl = AccessControlTestRunners.accessControl(
                repositoryRoot().resolve("plugin-access-control/src/test/resources/security/materialized-view-policy.yaml"), Map.of());
        runner = AccessControlTestRunners.runner(accessControl)
                // installs the Iceberg plugin; the mv catalog below is a second Iceberg catalog on a file metastore
                .withLakehouse("lakehouse")
                .withCatalog("mv", "iceberg", Map.of(
                        "iceberg.catalog.type", "TESTING_FILE_METASTORE",
                        "hive.metastore.catalog.dir", "local:///",
                        "fs.native-local.enabled", "true",
                        "local.location", warehouse.toString()))
                .build();
        runner.execute(as("admin"), "CREATE SCHEMA mv.sec");
        runner.execute(as("admin"), """
                CREATE TABLE mv.sec.customers AS SELECT * FROM (VALUES
                    (1, 'ann@example.com', 'EU', 100),
                    (2, 'bob@example.org', 'NA', 200),
                    (3, 'cleo@example.net', 'EU', 300)) AS t (customer_id, email, region, spend)
                """);
        runner.execute(as("admin"), "CREATE MATERIALIZED VIEW mv.sec.spend_by_customer AS SELECT customer_id, email, region, spend * 2 AS doubled FROM mv.sec.customers");
        runner.execute(as("admin"), "REFRESH MATERIALIZED VIEW mv.sec.spend_by_customer");
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        if (runner != null) {
            runner.close();
        }
        if (warehouse != null) {
            deleteRecursively(warehouse, ALLOW_INSECURE);
        }
    }

    @Test
    void readersGetTheOwnersResultMaskedAndFilteredByTheirOwnPolicies()
    {
        assertThat(rows("admin", "SELECT customer_id, email, region, doubled FROM mv.sec.spend_by_customer ORDER BY 1"))
                .containsExactly(
                        List.of(1, "ann@example.com", "EU", 200),
                        List.of(2, "bob@example.org", "NA", 400),
                        List.of(3, "cleo@example.net", "EU", 600));
        // the oracle: the owner's result, masked and filtered by hand
        assertThat(rows("analyst", "SELECT customer_id, email, region, doubled FROM mv.sec.spend_by_customer ORDER BY 1"))
                .containsExactly(
                        List.of(1, "xxxx@example.com", "EU", 200),
                        List.of(3, "xxxx@example.net", "EU", 600));
        // and the same as reading the source through the analyst's policies
        assertThat(rows("analyst", "SELECT customer_id, email, region, spend * 2 FROM mv.sec.customers ORDER BY 1"))
                .isEqualTo(rows("analyst", "SELECT customer_id, email, region, doubled FROM mv.sec.spend_by_customer ORDER BY 1"));
    }

    @Test
    void aStaleViewComputedInlineIsMaskedAndFilteredAlike()
    {
        runner.execute(as("admin"), "CREATE MATERIALIZED VIEW mv.sec.spend_inline GRACE PERIOD INTERVAL '0' SECOND AS SELECT customer_id, email, region FROM mv.sec.customers");
        runner.execute(as("admin"), "REFRESH MATERIALIZED VIEW mv.sec.spend_inline");
        runner.execute(as("admin"), "INSERT INTO mv.sec.customers VALUES (4, 'dan@example.com', 'EU', 400)");
        try {
            // stale beyond its grace period: the engine runs the definition inline, with the owner's rights, and
            // the reader's filter and masks still apply to the view's name
            assertThat(rows("analyst", "SELECT customer_id, email FROM mv.sec.spend_inline ORDER BY 1"))
                    .containsExactly(List.of(1, "xxxx@example.com"), List.of(3, "xxxx@example.net"), List.of(4, "xxxx@example.com"));
        }
        finally {
            runner.execute(as("admin"), "DELETE FROM mv.sec.customers WHERE customer_id = 4");
            runner.execute(as("admin"), "DROP MATERIALIZED VIEW mv.sec.spend_inline");
            runner.execute(as("admin"), "REFRESH MATERIALIZED VIEW mv.sec.spend_by_customer");
        }
    }

    @Test
    void readersMayNotCreateRefreshOrDropMaterializedViews()
    {
        assertThatThrownBy(() -> runner.execute(as("analyst"), "CREATE MATERIALIZED VIEW mv.sec.mine AS SELECT * FROM mv.sec.customers"))
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> runner.execute(as("analyst"), "REFRESH MATERIALIZED VIEW mv.sec.spend_by_customer"))
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> runner.execute(as("analyst"), "DROP MATERIALIZED VIEW mv.sec.spend_by_customer"))
                .hasMessageContaining("Access Denied");
    }

    @Test
    void theStorageOfTheViewIsNotReadableAsATable()
    {
        // Trino keeps the stored result inside the view's own metadata: there is no table to read around the policies
        assertThat(runner.execute(as("admin"), "SHOW TABLES FROM mv.sec").getOnlyColumnAsSet()).containsExactlyInAnyOrder("customers", "spend_by_customer");
        assertThat(runner.execute(as("analyst"), "SELECT table_name, table_type FROM mv.information_schema.tables WHERE table_schema = 'sec' ORDER BY 1").getMaterializedRows())
                .extracting(MaterializedRow::getFields)
                .containsExactly(List.of("customers", "BASE TABLE"), List.of("spend_by_customer", "BASE TABLE"));
    }

    private List<List<Object>> rows(String user, String sql)
    {
        return runner.execute(as(user), sql).getMaterializedRows().stream().map(MaterializedRow::getFields).toList();
    }

    private Session as(String user)
    {
        return sessionFor(runner.getDefaultSession(), user);
    }
}
