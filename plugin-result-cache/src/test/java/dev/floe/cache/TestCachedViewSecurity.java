package dev.floe.cache;

import dev.floe.access.spi.FloeAccessControlFactory;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.TestingAccessControlContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.Session;
import io.trino.spi.security.SystemAccessControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Cached views under the Floe access control: definer rights, the reader's row filter on the view's name, and
 * storage tables no user reads directly.
 */
@TestInstance(PER_CLASS)
final class TestCachedViewSecurity
{
    private static final String POLICY = """
            format: 1
            admin_roles: [admin]
            roles:
              admin: {description: everything}
              analyst: {description: reads cached views only}
              engineer: {description: builds cached views over the sources but runs no table functions}
            bindings:
              users:
                admin: [admin]
                floe_cache: [admin]
                analyst: [analyst]
                engineer: [engineer]
            privileges:
              - name: cache-storage-only-for-refreshes
                users: ['*']
                deny: ALL
                on: lakehouse.floe_cache_storage
                when: 'user.name != "floe_cache"'
              - name: engineers-read-sources
                roles: [engineer]
                allow: [SELECT, SHOW]
                on: lakehouse.src
              - name: engineers-build-cached-views
                roles: [engineer]
                allow: [CREATE, SELECT, SHOW]
                on: cache.eng
              - name: analysts-read-cached-views
                roles: [analyst]
                allow: [SELECT, SHOW]
                on: cache.dash
            row_filters:
              - name: analysts-see-finished-orders
                roles: [analyst]
                on: cache.dash.by_status
                filter: orderstatus = 'F'
            """;
    private Path policy;
    private CacheTestCluster cluster;
    private Session analyst;

    @BeforeAll
    void start()
            throws Exception
    {
        policy = Files.createTempFile("floe-cache-policy", ".yaml");
        Files.writeString(policy, POLICY);
        SystemAccessControl accessControl = new FloeAccessControlFactory(_ -> {}).create(
                Map.of("floe.policy.file", policy.toString(), "floe.policy.refresh-period", "0s"),
                new TestingAccessControlContext());
        cluster = new CacheTestCluster((builder, lakehouse) -> builder.withSystemAccessControl(accessControl));
        analyst = FloeQueryRunner.sessionFor(cluster.runner.getDefaultSession(), "analyst");
        cluster.query("CREATE SCHEMA lakehouse.src");
        cluster.query("CREATE TABLE lakehouse.src.orders AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders");
        cluster.query("CREATE SCHEMA cache.dash");
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.by_status AS SELECT orderstatus, count(*) AS orders FROM lakehouse.src.orders GROUP BY orderstatus");
        cluster.query("REFRESH MATERIALIZED VIEW cache.dash.by_status");
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (cluster != null) {
            cluster.close();
        }
        if (policy != null) {
            Files.deleteIfExists(policy);
        }
    }

    @Test
    void anOwnerWhoMayNotRunTableChangesGetsFullRefreshesInsteadOfFailingOnes()
    {
        Session engineer = FloeQueryRunner.sessionFor(cluster.runner.getDefaultSession(), "engineer");
        cluster.query("CREATE TABLE lakehouse.src.payments AS SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey <= 30000");
        cluster.query("CREATE SCHEMA cache.eng");
        cluster.runner.execute(engineer, "CREATE MATERIALIZED VIEW cache.eng.large_payments AS SELECT orderkey, totalprice FROM lakehouse.src.payments WHERE totalprice > 200000");
        cluster.query("REFRESH MATERIALIZED VIEW cache.eng.large_payments");
        assertThatThrownBy(() -> cluster.runner.execute(engineer, "SELECT count(*) FROM TABLE(lakehouse.system.table_changes('src', 'payments', NULL, NULL))"))
                .hasMessageContaining("Access Denied");

        // an append under a view that only scans: incremental through table_changes, which the owner may not run
        cluster.query("INSERT INTO lakehouse.src.payments SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey > 30000");
        cluster.query("REFRESH MATERIALIZED VIEW cache.eng.large_payments");
        assertThat(cluster.query("SELECT last_refresh_type, freshness, last_error IS NULL FROM cache.system.views WHERE schema_name = 'eng' AND view_name = 'large_payments'").getMaterializedRows())
                .extracting(row -> row.getFields())
                .containsExactly(List.of("FULL", "FRESH", true));
        assertThat(cluster.value("SELECT count(*) FROM cache.eng.large_payments"))
                .isEqualTo(cluster.value("SELECT count(*) FROM tpch.tiny.orders WHERE totalprice > 200000"));
    }

    @Test
    void readerWithoutRightsOnSourcesReadsTheViewFilteredByItsName()
    {
        assertThatThrownBy(() -> cluster.runner.execute(analyst, "SELECT count(*) FROM lakehouse.src.orders"))
                .hasMessageContaining("Access Denied");
        assertThat(cluster.value("SELECT freshness FROM cache.system.views WHERE view_name = 'by_status'")).isEqualTo("FRESH");
        // served from storage, with the owner's result and the analyst's row filter on the view
        assertThat(cluster.runner.execute(analyst, "SELECT orderstatus, orders FROM cache.dash.by_status").getMaterializedRows())
                .isEqualTo(cluster.query("SELECT orderstatus, count(*) FROM lakehouse.src.orders WHERE orderstatus = 'F' GROUP BY orderstatus").getMaterializedRows());
        assertThat(cluster.query("SELECT count(*) FROM cache.dash.by_status").getOnlyValue()).isEqualTo(3L);
    }

    @Test
    void computedViewRunsWithOwnerRights()
    {
        cluster.query("CREATE MATERIALIZED VIEW cache.dash.order_count GRACE PERIOD INTERVAL '0' SECOND AS SELECT count(*) AS orders FROM lakehouse.src.orders");
        // never refreshed: computed inline, the sources read as the owner (admin), not as the analyst
        assertThat(cluster.runner.execute(analyst, "SELECT orders FROM cache.dash.order_count").getOnlyValue())
                .isEqualTo(cluster.value("SELECT count(*) FROM lakehouse.src.orders"));
    }

    @Test
    void storageTablesAreNotReadableDirectly()
    {
        assertThatThrownBy(() -> cluster.runner.execute(analyst, "SELECT * FROM lakehouse.floe_cache_storage.dash__by_status"))
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> cluster.query("SELECT * FROM lakehouse.floe_cache_storage.dash__by_status"))
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> cluster.query("DELETE FROM lakehouse.floe_cache_storage.dash__by_status"))
                .hasMessageContaining("Access Denied");
    }

    @Test
    void onlyTheRefreshUserMaySendARefreshPlan()
    {
        Session planned = Session.builder(analyst)
                .setCatalogSessionProperty("cache", "refresh_plan", "{\"view\":\"dash.by_status\",\"pins\":{}}")
                .build();
        assertThatThrownBy(() -> cluster.runner.execute(planned, "SELECT * FROM cache.dash.by_status"))
                .hasMessageContaining("Session property cache.refresh_plan is reserved for the refresh user");
    }
}
