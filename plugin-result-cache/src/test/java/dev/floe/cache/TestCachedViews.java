package dev.floe.cache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

@TestInstance(PER_CLASS)
final class TestCachedViews
{
    private CacheTestCluster cluster;

    @BeforeAll
    void start()
            throws Exception
    {
        cluster = new CacheTestCluster();
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
    void lifecycle()
    {
        cluster.query("CREATE TABLE lakehouse.src.orders AS SELECT orderkey, orderstatus, totalprice, orderdate FROM tpch.tiny.orders");
        cluster.query("""
                CREATE MATERIALIZED VIEW cache.dash.by_status AS
                SELECT orderstatus, count(*) AS orders, sum(totalprice) AS revenue
                FROM lakehouse.src.orders GROUP BY orderstatus""");
        assertThat(cluster.value("SELECT freshness_detail FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("never refreshed");
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15000L);

        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
        assertThat(cluster.value("SELECT freshness FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("FRESH");
        assertThat(cluster.value("SELECT last_refresh_type FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("FULL");
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15000L);
        assertThat((String) cluster.value("EXPLAIN SELECT * FROM cache.dash.by_status")).contains("floe_cache_storage");

        cluster.query("INSERT INTO lakehouse.src.orders VALUES (999999, 'F', 1.0, DATE '2024-01-01')");
        assertThat(cluster.value("SELECT freshness FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("STALE");
        // no grace period: stale results are served until the next refresh
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15000L);

        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
        assertThat(cluster.value("SELECT freshness FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("FRESH");
        assertThat(cluster.value("SELECT sum(orders) FROM cache.dash.by_status")).isEqualTo(15001L);
    }
}
