package dev.floe.access.spi;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestFloeAccessControlConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(FloeAccessControlConfig.class)
                .setPolicyFile(null)
                .setRefreshPeriod(new Duration(5, SECONDS))
                .setExpressionPath("")
                .setDecisionCacheSize(1_000_000)
                .setAuditHistoryDirectory(null)
                .setPolicyVersionFile(null));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("floe.policy.file", "/etc/trino/policy.yaml")
                .put("floe.policy.refresh-period", "1s")
                .put("floe.policy.expression-path", "masking.functions")
                .put("floe.decision-cache.max-size", "5000")
                .put("floe.audit.history-directory", "/var/trino/audit")
                .put("floe.policy.version-file", "/var/trino/policy-version")
                .buildOrThrow();
        assertFullMapping(properties, new FloeAccessControlConfig()
                .setPolicyFile(Path.of("/etc/trino/policy.yaml"))
                .setRefreshPeriod(new Duration(1, SECONDS))
                .setExpressionPath("masking.functions")
                .setDecisionCacheSize(5000)
                .setAuditHistoryDirectory(Path.of("/var/trino/audit"))
                .setPolicyVersionFile(Path.of("/var/trino/policy-version")));
    }
}
