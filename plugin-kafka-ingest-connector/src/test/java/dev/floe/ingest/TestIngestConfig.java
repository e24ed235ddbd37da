package dev.floe.ingest;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestIngestConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(IngestConfig.class)
                .setTargetCatalog("lakehouse")
                .setStateNamespace("floe_ingest")
                .setBootstrapServers(null)
                .setReconcileInterval(new Duration(2, SECONDS))
                .setCommitInterval(new Duration(5, SECONDS))
                .setMaxRetryDelay(new Duration(60, SECONDS))
                .setWebhookUrl(null));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("ingest.target-catalog", "iceberg")
                .put("ingest.state-namespace", "ops_ingest")
                .put("ingest.kafka.bootstrap-servers", "broker-1:9092,broker-2:9092")
                .put("ingest.reconcile-interval", "500ms")
                .put("ingest.commit-interval", "1s")
                .put("ingest.max-retry-delay", "5s")
                .put("ingest.webhook-url", "https://alerts.example.com/hooks/ingest")
                .buildOrThrow();
        assertFullMapping(properties, new IngestConfig()
                .setTargetCatalog("iceberg")
                .setStateNamespace("ops_ingest")
                .setBootstrapServers("broker-1:9092,broker-2:9092")
                .setReconcileInterval(new Duration(500, MILLISECONDS))
                .setCommitInterval(new Duration(1, SECONDS))
                .setMaxRetryDelay(new Duration(5, SECONDS))
                .setWebhookUrl(URI.create("https://alerts.example.com/hooks/ingest")));
    }
}
