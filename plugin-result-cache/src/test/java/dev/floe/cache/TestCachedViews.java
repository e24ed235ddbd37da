package dev.floe.cache;

import dev.floe.testing.Polling;
import io.trino.testing.MaterializedRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** Cached views on a coordinator and a worker, stored in a real Iceberg REST catalog, through real queries. */
@TestInstance(PER_CLASS)
final class TestCachedViews
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private CacheTestCluster cluster;

    @BeforeAll
    void start()
            throws Exception
    {
        // a second catalog on the same definitions: its scheduler competes with the first one's, as another coordinator's would
        cluster = new CacheTestCluster((builder, lakehouse) -> builder.withCatalog("cache_b", "floe_cache", CacheTestCluster.catalogProperties(lakehouse)));
        cluster.query("CREATE SCHEMA lakehouse.src");
        cluster.query("CREATE SCHEMA cache.dash");
    }

    @AfterAll
    void stop()
    {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void refreshServesStoredResultUntilSourcesChange()
    {
        cluster.query("CREATE TABLE lakehouse.src.orders AS SELECT orderkey, orderstatus, totalprice, orderdate FROM tpch.tiny.orders");
        cluster.query("""
                CREATE MATERIALIZED VIEW cache.dash.by_status AS
                SELECT orderstatus, count(*) AS orders, sum(totalprice) AS revenue
                FROM lakehouse.src.orders GROUP BY orderstatus""");
        assertThat(status("by_status", "freshness_detail")).isEqualTo("never refreshed");
        // before the first refresh the view is computed, as a view
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15000L);
        assertThat((String) cluster.value("EXPLAIN SELECT * FROM cache.dash.by_status")).doesNotContain("floe_cache_storage");

        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
        assertThat(status("by_status", "freshness")).isEqualTo("FRESH");
        assertThat(status("by_status", "last_refresh_type")).isEqualTo("FULL");
        assertThat(status("by_status", "last_refresh_rows")).isEqualTo(3L);
        assertThat((String) status("by_status", "source_snapshots")).startsWith("{\"lakehouse.src.orders\":");
        assertThat(cluster.query("SELECT * FROM cache.dash.by_status ORDER BY 1").getMaterializedRows())
                .isEqualTo(cluster.query("SELECT orderstatus, count(*), sum(totalprice) FROM lakehouse.src.orders GROUP BY 1 ORDER BY 1").getMaterializedRows());
        assertThat((String) cluster.value("EXPLAIN SELECT * FROM cache.dash.by_status")).contains("floe_cache_storage");

        cluster.query("INSERT INTO lakehouse.src.orders VALUES (999999, 'F', 1.0, DATE '2024-01-01')");
        assertThat(status("by_status", "freshness")).isEqualTo("STALE");
        assertThat((String) status("by_status", "freshness_detail")).contains("lakehouse.src.orders");
        // no grace period: stale results are served until the next refresh, as the engine does for every materialized view
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15000L);

        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
        assertThat(status("by_status", "freshness")).isEqualTo("FRESH");
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15001L);

        // nothing changed: a refresh does nothing
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
        assertThat(status("by_status", "last_refresh_rows")).isEqualTo(3L);
        assertThat(cluster.value("SELECT count(*) FROM lakehouse.floe_cache_storage.\"dash__by_status$snapshots\"")).isEqualTo(2L);
    }

    @Test
    void gracePeriodDecidesBetweenStoredAndComputed()
            throws InterruptedException
    {
        cluster.query("CREATE TABLE lakehouse.src.numbers AS SELECT * FROM (VALUES 1, 2, 3) t(x)");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.number_sum GRACE PERIOD INTERVAL '8' SECOND AS SELECT sum(x) AS total FROM lakehouse.src.numbers");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.number_sum");
        cluster.query("INSERT INTO lakehouse.src.numbers VALUES 4");
        Instant changed = Instant.now();
        Object withinGrace = cluster.value("SELECT total FROM cache.dash.number_sum");
        assertThat(Duration.between(changed, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(withinGrace).isEqualTo(6L);
        // past the grace period the engine computes the view instead
        assertThat(Polling.poll(TIMEOUT, POLL, () -> cluster.value("SELECT total FROM cache.dash.number_sum"), total -> total.equals(10L))).isEqualTo(10L);
        assertThat(Duration.between(changed, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        assertThat(status("number_sum", "freshness")).isEqualTo("STALE");
    }

    @Test
    void scheduledRefreshBringsViewBackToFresh()
            throws InterruptedException
    {
        cluster.query("CREATE TABLE lakehouse.src.ticks AS SELECT 1 AS tick");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.tick_count WITH (refresh_interval = '1s') AS SELECT count(*) AS ticks FROM lakehouse.src.ticks");
        Polling.poll(TIMEOUT, POLL, () -> status("tick_count", "freshness"), "FRESH"::equals);
        assertThat(status("tick_count", "next_refresh")).isNotNull();

        cluster.query("INSERT INTO lakehouse.src.ticks VALUES 2");
        assertThat(status("tick_count", "freshness")).isEqualTo("STALE");
        Polling.poll(TIMEOUT, POLL, () -> status("tick_count", "freshness"), "FRESH"::equals);
        assertThat(cluster.value("SELECT ticks FROM cache.dash.tick_count")).isEqualTo(2L);
        assertThat((String) cluster.value("EXPLAIN SELECT * FROM cache.dash.tick_count")).contains("floe_cache_storage");
    }

    @Test
    void incrementalRefreshAppendsOnlyNewRows()
    {
        cluster.query("CREATE TABLE lakehouse.src.sales AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.big_sales AS SELECT orderkey, totalprice * 2 AS doubled FROM lakehouse.src.sales WHERE totalprice > 200000");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.big_sales");
        assertThat(status("big_sales", "last_refresh_type")).isEqualTo("FULL");
        long initial = (long) cluster.value("SELECT count(*) FROM lakehouse.src.sales WHERE totalprice > 200000");
        assertThat(status("big_sales", "last_refresh_rows")).isEqualTo(initial);

        cluster.query("INSERT INTO lakehouse.src.sales SELECT orderkey + 1000000, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 3000");
        cluster.query("INSERT INTO lakehouse.src.sales SELECT orderkey + 2000000, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 1000");
        long appended = (long) cluster.value("SELECT count(*) FROM lakehouse.src.sales WHERE orderkey > 1000000 AND totalprice > 200000");
        assertThat(appended).isPositive();
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.big_sales");
        assertThat(status("big_sales", "last_refresh_type")).isEqualTo("INCREMENTAL");
        assertThat(status("big_sales", "last_refresh_rows")).isEqualTo(appended);
        assertSameRows("SELECT * FROM cache.dash.big_sales", "SELECT orderkey, totalprice * 2 FROM lakehouse.src.sales WHERE totalprice > 200000");

        // a delete is not an append: the next refresh is a full one
        cluster.query("DELETE FROM lakehouse.src.sales WHERE orderkey < 100");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.big_sales");
        assertThat(status("big_sales", "last_refresh_type")).isEqualTo("FULL");
        assertSameRows("SELECT * FROM cache.dash.big_sales", "SELECT orderkey, totalprice * 2 FROM lakehouse.src.sales WHERE totalprice > 200000");

        // an aggregation cannot be refreshed from new rows alone
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.sales_total AS SELECT count(*) AS sales FROM lakehouse.src.sales");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.sales_total");
        cluster.query("INSERT INTO lakehouse.src.sales VALUES (5000000, 'O', 1.0)");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.sales_total");
        assertThat(status("sales_total", "last_refresh_type")).isEqualTo("FULL");
        assertThat(cluster.value("SELECT sales FROM cache.dash.sales_total")).isEqualTo(cluster.value("SELECT count(*) FROM lakehouse.src.sales"));
    }

    @Test
    void incrementalColumnAppendsRowsAboveStoredMaximum()
    {
        cluster.query("CREATE TABLE lakehouse.src.events AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, payload)");
        // over a join with a non-Iceberg table: only the incremental column can make this incremental
        cluster.query("""
                CREATE MATERIALIZED VIEW cache.dash.event_regions WITH (incremental_column = 'id') AS
                SELECT e.id, e.payload, r.name AS region FROM lakehouse.src.events e JOIN tpch.tiny.region r ON r.regionkey = e.id""");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.event_regions");
        assertThat(status("event_regions", "last_refresh_rows")).isEqualTo(2L);
        cluster.query("INSERT INTO lakehouse.src.events VALUES (3, 'c'), (4, 'd')");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.event_regions");
        assertThat(status("event_regions", "last_refresh_type")).isEqualTo("INCREMENTAL");
        assertThat(status("event_regions", "last_refresh_rows")).isEqualTo(2L);
        assertSameRows("SELECT * FROM cache.dash.event_regions",
                "SELECT e.id, e.payload, r.name FROM lakehouse.src.events e JOIN tpch.tiny.region r ON r.regionkey = e.id");
    }

    @Test
    void incrementalColumnWhoseStoredValuesAreAllNullAppendsOnlyTheNewRows()
    {
        cluster.query("CREATE TABLE lakehouse.src.tickets AS SELECT * FROM (VALUES (CAST(NULL AS bigint), 'open-1'), (NULL, 'open-2')) t(closed_at, name)");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.ticket_log WITH (incremental_column = 'closed_at') AS SELECT closed_at, name FROM lakehouse.src.tickets");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.ticket_log");
        cluster.query("INSERT INTO lakehouse.src.tickets VALUES (5, 'closed-1')");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.ticket_log");
        assertThat(status("ticket_log", "last_refresh_type")).isEqualTo("INCREMENTAL");
        assertThat(status("ticket_log", "last_refresh_rows")).isEqualTo(1L);
        assertSameRows("SELECT * FROM " + status("ticket_log", "storage_table"), "SELECT closed_at, name FROM lakehouse.src.tickets");
    }

    @Test
    void aNameThatTurnsFromViewIntoTableIsFollowed()
    {
        cluster.query("CREATE TABLE lakehouse.src.morph_base AS SELECT * FROM (VALUES 1, 2) t(n)");
        cluster.query("CREATE VIEW lakehouse.src.morph AS SELECT n FROM lakehouse.src.morph_base");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.morph_total AS SELECT sum(n) AS total FROM lakehouse.src.morph");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.morph_total");
        assertThat(cluster.value("SELECT total FROM cache.dash.morph_total")).isEqualTo(3L);
        // the view itself is recorded without a version: its definition may change while its table does not
        assertThat(status("morph_total", "source_snapshots")).asString().contains("\"lakehouse.src.morph_base\":").contains("\"lakehouse.src.morph\":null");

        // the name becomes a table of its own while the table the view read stays as it was: the recorded inputs are
        // not the view's any more
        cluster.query("DROP VIEW lakehouse.src.morph");
        cluster.query("CREATE TABLE lakehouse.src.morph AS SELECT * FROM (VALUES 10, 20) t(n)");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.morph_total");
        assertThat(status("morph_total", "last_refresh_type")).isEqualTo("FULL");
        assertThat(cluster.value("SELECT total FROM cache.dash.morph_total")).isEqualTo(30L);

        cluster.query("INSERT INTO lakehouse.src.morph VALUES 5");
        assertThat(status("morph_total", "freshness")).isEqualTo("STALE");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.morph_total");
        // at once through the other catalog, as from another coordinator: the first refresh's lease may still be on
        // its way to release
        cluster.query("INSERT INTO lakehouse.src.morph VALUES 100");
        cluster.query("REFRESH MATERIALIZED VIEW cache_b.dash.morph_total");
        assertThat(cluster.value("SELECT total FROM cache.dash.morph_total")).isEqualTo(135L);
        assertThat(status("morph_total", "freshness")).isEqualTo("FRESH");
    }

    @Test
    void aViewThatIsReplacedMakesTheCachedViewStaleAndIsReadAgain()
    {
        cluster.query("CREATE TABLE lakehouse.src.regional AS SELECT * FROM (VALUES ('EU', 1), ('EU', 2), ('US', 10)) t(region, n)");
        cluster.query("CREATE VIEW lakehouse.src.regional_view AS SELECT n FROM lakehouse.src.regional WHERE region = 'EU'");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.regional_total AS SELECT sum(n) AS total FROM lakehouse.src.regional_view");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.regional_total");
        String storage = (String) status("regional_total", "storage_table");
        assertThat(cluster.value("SELECT total FROM " + storage)).isEqualTo(3L);

        // no table changes, the view does: the stored result cannot be vouched for, and a refresh is not skipped
        cluster.query("CREATE OR REPLACE VIEW lakehouse.src.regional_view AS SELECT n FROM lakehouse.src.regional WHERE region = 'US'");
        assertThat(status("regional_total", "freshness")).isEqualTo("STALE");
        assertThat(status("regional_total", "freshness_detail")).asString().contains("lakehouse.src.regional_view");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.regional_total");
        assertThat(cluster.value("SELECT total FROM " + storage)).isEqualTo(10L);
    }

    @Test
    void failedRefreshLeavesPreviousResult()
            throws Exception
    {
        // the view's cost is data: 3 → 27 rows; 2000 → 8·10⁹ rows, a refresh that runs until it is killed
        cluster.query("CREATE TABLE lakehouse.src.knob AS SELECT 3 AS n");
        cluster.query("""
                CREATE MATERIALIZED VIEW cache.dash.expensive AS
                SELECT count(*) AS combinations FROM lakehouse.src.knob k
                CROSS JOIN UNNEST(sequence(1, k.n)) a(x) CROSS JOIN UNNEST(sequence(1, k.n)) b(y) CROSS JOIN UNNEST(sequence(1, k.n)) c(z)""");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.expensive");
        assertThat(cluster.value("SELECT combinations FROM cache.dash.expensive")).isEqualTo(27L);

        cluster.query("UPDATE lakehouse.src.knob SET n = 2000");
        CompletableFuture<?> refresh = CompletableFuture.runAsync(() -> cluster.query("REFRESH MATERIALIZED VIEW cache.dash.expensive"));
        String refreshQuery = (String) Polling.poll(TIMEOUT, POLL,
                () -> cluster.query("SELECT query_id FROM system.runtime.queries WHERE source = 'floe-cache-refresh' AND state = 'RUNNING' AND query LIKE 'CREATE OR REPLACE TABLE%dash__expensive%'").getMaterializedRows(),
                rows -> rows.size() == 1).getFirst().getField(0);
        assertThat(status("expensive", "refreshing_on")).isNotNull();
        // the lease's holder is the node: a second refresh on the same node must still not start
        assertThatThrownBy(() -> cluster.query("REFRESH MATERIALIZED VIEW cache.dash.expensive"))
                .hasMessageContaining("Materialized view cache.dash.expensive is being refreshed by");
        cluster.query("CALL system.runtime.kill_query(query_id => '%s', message => 'stopped by the test')".formatted(refreshQuery));
        assertThatThrownBy(refresh::join).hasMessageContaining("Refresh of materialized view cache.dash.expensive failed").hasMessageContaining("stopped by the test");

        assertThat(status("expensive", "last_error")).asString().contains("stopped by the test");
        assertThat(status("expensive", "consecutive_failures")).isEqualTo(1L);
        assertThat(status("expensive", "refreshing_on")).isNull();
        // the previous result stays in place and is still served (the view is stale, and has no grace period)
        assertThat(status("expensive", "freshness")).isEqualTo("STALE");
        assertThat(cluster.value("SELECT combinations FROM cache.dash.expensive")).isEqualTo(27L);

        cluster.query("UPDATE lakehouse.src.knob SET n = 4");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.expensive");
        assertThat(cluster.value("SELECT combinations FROM cache.dash.expensive")).isEqualTo(64L);
        assertThat(status("expensive", "last_error")).isNull();
    }

    @Test
    void twoSchedulersNeverRefreshOneViewConcurrently()
            throws InterruptedException
    {
        // tpch has no versions, so every scheduled refresh recomputes the view; both catalogs schedule it
        cluster.query("""
                CREATE MATERIALIZED VIEW cache.dash.lease_probe WITH (refresh_interval = '1s') AS
                SELECT n.name, count(*) AS customers FROM tpch.tiny.customer c JOIN tpch.tiny.nation n ON c.nationkey = n.nationkey GROUP BY n.name""");
        List<MaterializedRow> refreshes = Polling.poll(TIMEOUT, POLL, () -> cluster.query("""
                SELECT created, "end", query FROM system.runtime.queries
                WHERE source = 'floe-cache-refresh' AND query LIKE 'CREATE OR REPLACE TABLE%dash__lease_probe%' AND state = 'FINISHED'""").getMaterializedRows(),
                rows -> rows.size() >= 6);
        List<MaterializedRow> ordered = new ArrayList<>(refreshes);
        ordered.sort(Comparator.comparing(row -> (ZonedDateTime) row.getField(0)));
        for (int i = 1; i < ordered.size(); i++) {
            ZonedDateTime previousEnd = (ZonedDateTime) ordered.get(i - 1).getField(1);
            ZonedDateTime start = (ZonedDateTime) ordered.get(i).getField(0);
            assertThat(start).as("refresh %s starts after refresh %s ended", ordered.get(i).getField(2), ordered.get(i - 1).getField(2)).isAfterOrEqualTo(previousEnd);
        }
        cluster.query("DROP MATERIALIZED VIEW cache.dash.lease_probe");
    }

    @Test
    void badInputGetsClearErrors()
    {
        cluster.query("CREATE TABLE lakehouse.src.good AS SELECT 1 AS id");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad AS SELECT * FROM lakehouse.src.missing"))
                .hasMessageContaining("Table 'lakehouse.src.missing' does not exist");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad WITH (refresh_schedule = 'every minute') AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("Invalid refresh_schedule 'every minute'");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad WITH (storage_catalog = 'tpch') AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("storage_catalog 'tpch' is not an Iceberg catalog");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad WITH (incremental_column = 'ts') AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("incremental_column 'ts' is not a column of the view");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad WITH (refresh_interval = 'soon') AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("refresh_interval 'soon' is not a duration");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.dash.bad WITH (refresh_interval = '1m', refresh_schedule = '* * * * *') AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> cluster.query("CREATE MATERIALIZED VIEW cache.nowhere.bad AS SELECT * FROM lakehouse.src.good"))
                .hasMessageContaining("Schema cache.nowhere does not exist");
        assertThat(cluster.query("SELECT * FROM cache.system.views WHERE view_name = 'bad'").getRowCount()).isZero();
    }

    @Test
    void showCreateAlterAndDrop()
            throws InterruptedException
    {
        cluster.query("CREATE TABLE lakehouse.src.meta AS SELECT 1 AS id");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.meta COMMENT 'ids' WITH (refresh_schedule = '0 * * * *') AS SELECT id FROM lakehouse.src.meta");
        assertThat((String) cluster.value("SHOW CREATE MATERIALIZED VIEW cache.dash.meta"))
                .contains("refresh_schedule = '0 * * * *'")
                .contains("storage_catalog = 'lakehouse'")
                .contains("storage_schema = 'floe_cache_storage'")
                .contains("COMMENT 'ids'");
        assertThatThrownBy(() -> cluster.query("ALTER MATERIALIZED VIEW cache.dash.meta SET PROPERTIES refresh_interval = '10m'"))
                .hasMessageContaining("not both");
        cluster.query("ALTER MATERIALIZED VIEW cache.dash.meta SET PROPERTIES refresh_schedule = DEFAULT, refresh_interval = '10m'");
        assertThat(status("meta", "refresh_interval")).isEqualTo("10.00m");
        assertThat(status("meta", "refresh_schedule")).isNull();
        assertThatThrownBy(() -> cluster.query("ALTER MATERIALIZED VIEW cache.dash.meta SET PROPERTIES storage_schema = 'elsewhere'"))
                .hasMessageContaining("storage_schema cannot be changed");

        Polling.poll(TIMEOUT, POLL, () -> status("meta", "freshness"), "FRESH"::equals);
        assertThat(cluster.value("SELECT count(*) FROM lakehouse.information_schema.tables WHERE table_schema = 'floe_cache_storage' AND table_name = 'dash__meta'")).isEqualTo(1L);
        assertThat(cluster.query("SHOW TABLES FROM cache.dash").getOnlyColumnAsSet()).contains("meta");
        cluster.query("DROP MATERIALIZED VIEW cache.dash.meta");
        assertThat(cluster.value("SELECT count(*) FROM lakehouse.information_schema.tables WHERE table_schema = 'floe_cache_storage' AND table_name = 'dash__meta'")).isEqualTo(0L);
        assertThatThrownBy(() -> cluster.query("SELECT * FROM cache.dash.meta")).hasMessageContaining("does not exist");
    }

    private Object status(String view, String column)
    {
        return cluster.value("SELECT %s FROM cache.system.views WHERE schema_name = 'dash' AND view_name = '%s'".formatted(column, view));
    }

    private void assertSameRows(String actual, String expected)
    {
        assertThat(cluster.query(actual).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(cluster.query(expected).getMaterializedRows());
    }
}
