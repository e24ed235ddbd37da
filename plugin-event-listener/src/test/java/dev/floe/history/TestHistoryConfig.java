package dev.floe.history;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestHistoryConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(HistoryConfig.class)
                .setSchema("floe_history")
                .setSpoolDirectory(null)
                .setSpoolMaxSize(DataSize.of(1, GIGABYTE))
                .setSpoolSyncInterval(new Duration(1, SECONDS))
                .setQueueCapacity(100_000)
                .setCommitInterval(new Duration(5, SECONDS))
                .setCommitMaxRows(100_000)
                .setRedactLiterals(false)
                .setCaptureSplits(false)
                .setNodeName(null)
                .setAccessAuditDirectory(null)
                .setMaintenanceEnabled(true)
                .setMaintenanceInterval(new Duration(1, HOURS))
                .setRetention(new Duration(30, DAYS))
                .setCompactionMinFiles(8));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("history.schema", "ops.history")
                .put("history.spool.directory", "/var/trino/spool")
                .put("history.spool.max-size", "64MB")
                .put("history.spool.sync-interval", "0s")
                .put("history.queue.capacity", "5000")
                .put("history.commit.interval", "30s")
                .put("history.commit.max-rows", "1000")
                .put("history.redact-literals", "true")
                .put("history.capture-splits", "true")
                .put("history.node-name", "coordinator-1")
                .put("history.access-audit.directory", "/var/trino/audit")
                .put("history.maintenance.enabled", "false")
                .put("history.maintenance.interval", "10m")
                .put("history.retention", "7d")
                .put("history.compaction.min-files", "4")
                .buildOrThrow();
        assertFullMapping(properties, new HistoryConfig()
                .setSchema("ops.history")
                .setSpoolDirectory("/var/trino/spool")
                .setSpoolMaxSize(DataSize.of(64, MEGABYTE))
                .setSpoolSyncInterval(new Duration(0, SECONDS))
                .setQueueCapacity(5000)
                .setCommitInterval(new Duration(30, SECONDS))
                .setCommitMaxRows(1000)
                .setRedactLiterals(true)
                .setCaptureSplits(true)
                .setNodeName("coordinator-1")
                .setAccessAuditDirectory("/var/trino/audit")
                .setMaintenanceEnabled(false)
                .setMaintenanceInterval(new Duration(10, MINUTES))
                .setRetention(new Duration(7, DAYS))
                .setCompactionMinFiles(4));
    }

    @Test
    void missingCatalogAndSpoolAreNamed()
    {
        assertThatThrownBy(() -> new FloeHistoryListenerFactory().create(Map.of("history.spool.directory", "/tmp/x"), TestingListenerContext.CONTEXT))
                .hasMessageContaining("history.iceberg.type");
        assertThatThrownBy(() -> new FloeHistoryListenerFactory().create(Map.of("history.iceberg.type", "rest"), TestingListenerContext.CONTEXT))
                .hasMessageContaining("history.spool.directory");
        assertThatThrownBy(() -> new FloeHistoryListenerFactory().create(Map.of("history.iceberg.type", "rest", "history.spool.directory", "/tmp/x", "history.retention", "2h"), TestingListenerContext.CONTEXT))
                .hasMessageContaining("history.retention");
    }
}
