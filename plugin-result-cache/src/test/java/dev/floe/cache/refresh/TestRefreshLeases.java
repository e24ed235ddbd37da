package dev.floe.cache.refresh;

import dev.floe.testing.LakehouseCatalog;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** Leases against the real REST catalog server: of contenders racing for one lease, exactly one gets it. */
@TestInstance(PER_CLASS)
final class TestRefreshLeases
{
    private static final TableIdentifier LEASES = TableIdentifier.of("floe_cache", "refresh_leases");

    private LakehouseCatalog lakehouse;

    @BeforeAll
    void start()
    {
        lakehouse = LakehouseCatalog.start();
        ((SupportsNamespaces) catalog()).createNamespace(Namespace.of("floe_cache"), new HashMap<>());
    }

    @AfterAll
    void stop()
    {
        if (lakehouse != null) {
            lakehouse.close();
        }
    }

    @Test
    void exactlyOneContenderWins()
            throws Exception
    {
        int contenders = 4;
        List<RefreshLeases> leases = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            // one catalog client each, as separate coordinators have
            leases.add(new RefreshLeases(catalog(), LEASES, Clock.systemUTC()));
        }
        ExecutorService executor = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "dash.view" + round;
                CyclicBarrier barrier = new CyclicBarrier(contenders);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    RefreshLeases lease = leases.get(i);
                    String holder = "node-" + i;
                    results.add(executor.submit(() -> {
                        barrier.await();
                        return lease.acquire(key, holder, Duration.ofMinutes(1));
                    }));
                }
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get() ? 1 : 0;
                }
                assertThat(winners).as("round %s", round).isEqualTo(1);
                String holder = leases.getFirst().current(key).orElseThrow().holder();
                int winner = Integer.parseInt(holder.substring("node-".length()));
                // the holder renews; the others still cannot take it; after release anyone can
                assertThat(leases.get(winner).acquire(key, holder, Duration.ofMinutes(1))).isTrue();
                assertThat(leases.get((winner + 1) % contenders).acquire(key, "node-" + ((winner + 1) % contenders), Duration.ofMinutes(1))).isFalse();
                leases.get(winner).release(key, holder);
                assertThat(leases.getFirst().current(key)).isEmpty();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void expiredLeaseCanBeTaken()
    {
        RefreshLeases first = new RefreshLeases(catalog(), LEASES, Clock.systemUTC());
        RefreshLeases second = new RefreshLeases(catalog(), LEASES, Clock.systemUTC());
        assertThat(first.acquire("dash.expiring", "a", Duration.ofMillis(1))).isTrue();
        assertThat(second.acquire("dash.expiring", "b", Duration.ofMinutes(1))).isTrue();
        assertThat(first.acquire("dash.expiring", "a", Duration.ofMinutes(1))).isFalse();
        assertThat(first.current("dash.expiring").orElseThrow().holder()).isEqualTo("b");
    }

    private Catalog catalog()
    {
        Map<String, String> properties = new HashMap<>();
        properties.put("type", "rest");
        properties.put("uri", lakehouse.uri().toString());
        return CatalogUtil.buildIcebergCatalog("leases", properties, new Configuration());
    }
}
