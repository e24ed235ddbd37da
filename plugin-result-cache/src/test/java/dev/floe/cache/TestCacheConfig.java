package dev.floe.cache;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestCacheConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(CacheConfig.class)
                .setStorageCatalog("lakehouse")
                .setStorageSchema("floe_cache_storage")
                .setStateNamespace("floe_cache")
                .setLoopbackUri(null)
                .setRefreshUser("floe_cache")
                .setRefreshPassword(null)
                .setSchedulerInterval(new Duration(5, SECONDS))
                .setLeaseDuration(new Duration(2, MINUTES))
                .setMaxRetryDelay(new Duration(30, MINUTES)));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("cache.storage-catalog", "iceberg")
                .put("cache.storage-schema", "views_storage")
                .put("cache.state-namespace", "ops_cache")
                .put("cache.loopback-uri", "https://trino.example.com:8443")
                .put("cache.refresh-user", "svc_cache")
                .put("cache.refresh-password", "secret")
                .put("cache.scheduler-interval", "1s")
                .put("cache.refresh-lease-duration", "5m")
                .put("cache.max-retry-delay", "10m")
                .buildOrThrow();
        assertFullMapping(properties, new CacheConfig()
                .setStorageCatalog("iceberg")
                .setStorageSchema("views_storage")
                .setStateNamespace("ops_cache")
                .setLoopbackUri(URI.create("https://trino.example.com:8443"))
                .setRefreshUser("svc_cache")
                .setRefreshPassword("secret")
                .setSchedulerInterval(new Duration(1, SECONDS))
                .setLeaseDuration(new Duration(5, MINUTES))
                .setMaxRetryDelay(new Duration(10, MINUTES)));
    }
}
