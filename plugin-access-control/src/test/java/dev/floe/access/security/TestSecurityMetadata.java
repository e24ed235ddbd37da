package dev.floe.access.security;

import io.trino.Session;
import io.trino.testing.MaterializedRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.floe.access.AccessControlTestRunners.KEY;
import static dev.floe.access.security.SecurityFixture.ADMIN;
import static dev.floe.access.security.SecurityFixture.ANALYST;
import static dev.floe.access.security.SecurityFixture.GUEST;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * What plans, statistics, metadata tables, hidden columns, catalog listings and error messages tell the analyst
 * (masked and filtered on lakehouse.sec, nothing in lakehouse.oracle) and guest (nothing at all).
 */
@TestInstance(PER_CLASS)
final class TestSecurityMetadata
{
    private static final Set<String> ANALYST_TABLES = Set.of("pub.directory", "sec.customers", "sec.orders", "sec.profiles");
    private static final List<String> METADATA_TABLES = List.of("files", "partitions", "snapshots", "history", "manifests", "entries",
            "all_entries", "all_manifests", "refs", "properties", "metadata_log_entries");

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
    void explainShowsTheMaskAndFilterExpressions()
    {
        String plan = (String) fixture.query(ANALYST, "EXPLAIN SELECT email, phone, ssn FROM lakehouse.sec.customers").getOnlyValue();
        // the plan prints every mask and filter with its literals: a policy must never write a secret into them.
        // The keyed mask names its function; the key stays in the masking catalog's configuration
        assertThat(plan).contains("mask_email(email)", "masking.functions.mask_hash(phone)", "mask_ssn(ssn)", "region = varchar 'EU'")
                .doesNotContain(KEY, "max@example.de", "234-56-7890");
        String analyzed = (String) fixture.query(ANALYST, "EXPLAIN ANALYZE SELECT email FROM lakehouse.sec.customers").getOnlyValue();
        // EXPLAIN ANALYZE also counts the rows the filter removed (12 read, 6 visible): the size of the hidden part leaks
        assertThat(analyzed).contains("mask_email(email)", "region = varchar 'EU'", "Input: 12 rows", "Output: 6 rows")
                .doesNotContain("max@example.de");
        fixture.assertAccessDenied(ANALYST, "EXPLAIN SELECT * FROM lakehouse.oracle.customers", "Cannot select from table lakehouse.oracle.customers");
    }

    @Test
    void showStatsHidesMaskedColumnsButNotTheUnfilteredRangeOfOthers()
    {
        Map<String, MaterializedRow> stats = stats(ANALYST, "SHOW STATS FOR lakehouse.sec.customers");
        for (String masked : List.of("email", "phone", "ssn", "birth_date")) {
            // data size, distinct values, nulls fraction, low and high value: a mask is an expression without statistics
            assertThat(Arrays.asList(stats.get(masked).getField(1), stats.get(masked).getField(2), stats.get(masked).getField(3), stats.get(masked).getField(5), stats.get(masked).getField(6)))
                    .as(masked).containsOnlyNulls();
        }
        assertThat(stats(ANALYST, "SHOW STATS FOR (SELECT birth_date FROM lakehouse.sec.customers WHERE customer_id > 0)").get("birth_date").getField(5)).isNull();
        // known leak, the engine's: the filter scales row counts, but the low and high values of unmasked columns
        // are the whole table's, hidden rows included (the visible rows span customer_id 2..7 and 20.00..70.00)
        Map<String, MaterializedRow> oracle = stats(ADMIN, "SHOW STATS FOR lakehouse.oracle.customers");
        assertThat(List.of(stats.get("customer_id").getField(5), stats.get("customer_id").getField(6))).containsExactly("1", "12");
        assertThat(List.of(oracle.get("customer_id").getField(5), oracle.get("customer_id").getField(6))).containsExactly("2", "7");
        assertThat(List.of(stats.get("lifetime_value").getField(5), stats.get("lifetime_value").getField(6))).containsExactly("10.0", "120.0");
    }

    @Test
    void icebergMetadataTablesAreDeniedWhereFiltersOrMasksApply()
    {
        for (String suffix : METADATA_TABLES) {
            for (String table : List.of("customers", "profiles")) {
                String name = "lakehouse.sec.\"%s$%s\"".formatted(table, suffix);
                fixture.assertAccessDenied(ANALYST, "SELECT * FROM " + name,
                        "Cannot select from lakehouse.sec.%s$%s: row filters or column masks apply to lakehouse.sec.%s".formatted(table, suffix, table));
                fixture.assertAccessDenied(ANALYST, "SELECT count(*) FROM " + name, "row filters or column masks apply");
                assertThat((long) fixture.query(ADMIN, "SELECT count(*) FROM " + name).getOnlyValue()).isNotNegative();
            }
        }
        assertThat(fixture.rows(ADMIN, "SELECT * FROM lakehouse.sec.\"customers$files\"")).hasSize(2);
        // no filter or mask on lakehouse.pub: its metadata tables stay readable
        assertThat(fixture.query(ANALYST, "SELECT count(*) FROM lakehouse.pub.\"directory$files\"").getOnlyValue()).isEqualTo(1L);
    }

    @Test
    void hiddenColumnsAreDeniedWhereFiltersOrMasksApply()
    {
        for (String query : List.of(
                "SELECT \"$path\" FROM lakehouse.sec.customers",
                "SELECT \"$file_modified_time\", email FROM lakehouse.sec.customers",
                "SELECT \"$partition\" FROM lakehouse.sec.profiles",
                "SELECT customer_id FROM lakehouse.sec.customers WHERE \"$path\" LIKE '%.parquet'")) {
            fixture.assertAccessDenied(ANALYST, query, "row filters or column masks apply to lakehouse.sec.");
            assertThat(fixture.rows(ADMIN, query)).isNotEmpty();
        }
        assertThat(fixture.query(ANALYST, "SELECT count(\"$path\") FROM lakehouse.pub.directory").getOnlyValue()).isEqualTo(3L);
    }

    @Test
    void informationSchemaListsOnlyVisibleObjects()
    {
        assertThat(names(ANALYST, "SELECT table_schema, table_name FROM lakehouse.information_schema.tables WHERE table_schema <> 'information_schema'"))
                .isEqualTo(ANALYST_TABLES);
        assertThat(names(ANALYST, "SELECT DISTINCT table_schema, table_name FROM lakehouse.information_schema.columns WHERE table_schema <> 'information_schema'"))
                .isEqualTo(ANALYST_TABLES);
        assertThat(fixture.query(ANALYST, "SHOW SCHEMAS FROM lakehouse").getOnlyColumnAsSet()).containsExactlyInAnyOrder("information_schema", "pub", "scratch", "sec");
        assertThat(names(ADMIN, "SELECT table_schema, table_name FROM lakehouse.information_schema.tables WHERE table_schema = 'oracle'")).hasSize(4);
        fixture.assertAccessDenied(ANALYST, "SHOW TABLES FROM lakehouse.oracle", "Cannot show tables of schema lakehouse.oracle");
        // guest sees no catalog, so no listing at all
        assertThat(fixture.query(GUEST, "SHOW CATALOGS").getRowCount()).isZero();
        for (String listing : List.of("lakehouse.information_schema.tables", "lakehouse.information_schema.columns", "lakehouse.information_schema.views")) {
            fixture.assertAccessDenied(GUEST, "SELECT * FROM " + listing, "Cannot access catalog lakehouse");
        }
    }

    @Test
    void systemListingsShowOnlyVisibleObjects()
    {
        assertThat(names(ANALYST, "SELECT table_schem, table_name FROM system.jdbc.tables WHERE table_cat = 'lakehouse' AND table_schem <> 'information_schema'"))
                .isEqualTo(ANALYST_TABLES);
        assertThat(names(ANALYST, "SELECT DISTINCT table_schem, table_name FROM system.jdbc.columns WHERE table_cat = 'lakehouse' AND table_schem <> 'information_schema'"))
                .isEqualTo(ANALYST_TABLES);
        assertThat(names(ANALYST, "SELECT schema_name, table_name FROM system.metadata.table_comments WHERE catalog_name = 'lakehouse' AND schema_name <> 'information_schema'"))
                .isEqualTo(ANALYST_TABLES);
        assertThat(fixture.query(ANALYST, "SELECT DISTINCT catalog_name FROM system.metadata.table_properties").getOnlyColumnAsSet()).containsExactly("lakehouse");
        assertThat(fixture.query(ANALYST, "SELECT table_cat FROM system.jdbc.tables WHERE table_schem = 'oracle'").getRowCount()).isZero();
        assertThat(fixture.query(ADMIN, "SELECT table_cat FROM system.jdbc.tables WHERE table_schem = 'oracle'").getRowCount()).isEqualTo(4);
        for (String listing : List.of("system.jdbc.tables", "system.jdbc.columns", "system.metadata.table_properties", "system.metadata.catalogs")) {
            fixture.assertAccessDenied(GUEST, "SELECT * FROM " + listing, "Cannot access catalog system");
        }
    }

    @Test
    void showCreateDescribeAndShowColumnsOnVisibleAndHiddenTables()
    {
        assertThat((String) fixture.query(ANALYST, "SHOW CREATE TABLE lakehouse.sec.customers").getOnlyValue()).contains("email varchar", "ssn varchar");
        assertThat(fixture.rows(ANALYST, "DESCRIBE lakehouse.sec.customers")).extracting(row -> row.getField(0)).contains("email", "ssn", "region").hasSize(9);
        assertThat(fixture.rows(ANALYST, "SHOW COLUMNS FROM lakehouse.sec.profiles")).extracting(row -> row.getField(0)).containsExactly("customer_id", "contact");
        Session prepared = Session.builder(fixture.as(ANALYST))
                .addPreparedStatement("visible", "SELECT email FROM lakehouse.sec.customers WHERE customer_id = ?")
                .addPreparedStatement("hidden", "SELECT * FROM lakehouse.oracle.customers")
                .build();
        assertThat(fixture.rows(prepared, "DESCRIBE OUTPUT visible")).extracting(MaterializedRow::getFields)
                .containsExactly(List.of("email", "lakehouse", "sec", "customers", "varchar", 0, false));
        fixture.assertAccessDenied(ANALYST, "SHOW CREATE TABLE lakehouse.oracle.customers", "Cannot show create table for lakehouse.oracle.customers");
        fixture.assertAccessDenied(ANALYST, "DESCRIBE lakehouse.oracle.customers", "Cannot show columns of table lakehouse.oracle.customers");
        fixture.assertAccessDenied(ANALYST, "SHOW COLUMNS FROM lakehouse.oracle.customers", "Cannot show columns of table lakehouse.oracle.customers");
        assertThatThrownBy(() -> fixture.rows(prepared, "DESCRIBE OUTPUT hidden"))
                .hasMessageContaining("Access Denied: Cannot select from table lakehouse.oracle.customers")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("ssn", "account_ref"));
        fixture.assertAccessDenied(GUEST, "DESCRIBE lakehouse.sec.customers", "Cannot access catalog lakehouse");
    }

    @Test
    void runtimeQueriesShowOnlyTheUsersOwnQueries()
    {
        fixture.query(ANALYST, "SELECT count(*) FROM lakehouse.sec.orders");
        fixture.query(ADMIN, "SELECT 'admin-marker' FROM lakehouse.sec.orders LIMIT 1");
        assertThat(fixture.query(ANALYST, "SELECT DISTINCT \"user\" FROM system.runtime.queries").getOnlyColumnAsSet()).containsExactly(ANALYST);
        assertThat(fixture.query(ANALYST, "SELECT count(*) FROM system.runtime.queries WHERE query LIKE '%admin-marker%' AND \"user\" <> 'analyst'").getOnlyValue()).isEqualTo(0L);
        assertThat(fixture.query(ADMIN, "SELECT DISTINCT \"user\" FROM system.runtime.queries").getOnlyColumnAsSet()).contains(ANALYST, ADMIN);
        fixture.assertAccessDenied(GUEST, "SELECT query FROM system.runtime.queries", "Cannot access catalog system");
    }

    @Test
    void hiddenTablesAreDeniedWithoutTheirColumnsButTheirExistenceShows()
    {
        // the engine resolves names before it asks the access control (trinodb/trino#22804): an existing hidden
        // table is "Access Denied", a missing one "does not exist". The denial names no columns of the hidden table
        assertThatThrownBy(() -> fixture.query(ANALYST, "SELECT * FROM lakehouse.oracle.customers"))
                .hasMessage("Access Denied: Cannot select from table lakehouse.oracle.customers");
        assertThatThrownBy(() -> fixture.query(ANALYST, "SELECT * FROM lakehouse.oracle.missing"))
                .hasMessageContaining("Table 'lakehouse.oracle.missing' does not exist");
        assertThatThrownBy(() -> fixture.query(ANALYST, "SELECT * FROM lakehouse.nosuch.missing"))
                .hasMessageContaining("Schema 'nosuch' does not exist");
        // guest, who sees no catalog, learns the same
        fixture.assertAccessDenied(GUEST, "SELECT * FROM lakehouse.sec.customers", "Cannot access catalog lakehouse");
        assertThatThrownBy(() -> fixture.query(GUEST, "SELECT * FROM lakehouse.sec.missing"))
                .hasMessageContaining("Table 'lakehouse.sec.missing' does not exist");
    }

    private Map<String, MaterializedRow> stats(String user, String sql)
    {
        return fixture.rows(user, sql).stream()
                .filter(row -> row.getField(0) != null)
                .collect(toMap(row -> (String) row.getField(0), Function.identity()));
    }

    private Set<String> names(String user, String sql)
    {
        return fixture.rows(user, sql).stream().map(row -> row.getField(0) + "." + row.getField(1)).collect(toSet());
    }
}
