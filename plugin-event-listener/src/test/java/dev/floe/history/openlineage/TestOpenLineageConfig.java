package dev.floe.history.openlineage;

import io.airlift.bootstrap.Bootstrap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The properties as Airlift binds and validates them, as the listener factory does. */
final class TestOpenLineageConfig
{
    @Test
    void defaults()
    {
        OpenLineageConfig config = load(Map.of());
        assertThat(config.getUrl()).isEmpty();
        assertThat(config.getEndpoint()).isEqualTo("/api/v1/lineage");
        assertThat(config.getNamespace()).isEmpty();
        assertThat(config.getApiKey()).isEmpty();
        assertThat(config.getTimeout()).isEqualTo(new Duration(10, SECONDS));
        assertThat(config.getHeaders()).isEmpty();
    }

    @Test
    void explicitProperties()
    {
        OpenLineageConfig config = load(Map.of(
                "history.openlineage.url", "https://datahub.example.com:8443/openapi",
                "history.openlineage.endpoint", "/openlineage/api/v1/lineage",
                "history.openlineage.namespace", "analytics",
                "history.openlineage.api-key", "secret-token",
                "history.openlineage.timeout", "750ms",
                "history.openlineage.headers", "X-Tenant: analytics,X-Trace:a:b"));
        assertThat(config.getUrl()).contains(URI.create("https://datahub.example.com:8443/openapi"));
        assertThat(config.getEndpoint()).isEqualTo("/openlineage/api/v1/lineage");
        assertThat(config.getNamespace()).contains("analytics");
        assertThat(config.getApiKey()).contains("secret-token");
        assertThat(config.getTimeout()).isEqualTo(new Duration(750, MILLISECONDS));
        // a value may hold colons: only the first one separates the name
        assertThat(config.getHeaders()).isEqualTo(Map.of("X-Tenant", "analytics", "X-Trace", "a:b"));
    }

    @Test
    void invalidProperties()
    {
        assertThatThrownBy(() -> load(Map.of("history.openlineage.url", "ftp://marquez:5000")))
                .hasMessageContaining("history.openlineage.url must be an absolute http or https URL");
        assertThatThrownBy(() -> load(Map.of("history.openlineage.url", "marquez:5000")))
                .hasMessageContaining("history.openlineage.url must be an absolute http or https URL");
        assertThatThrownBy(() -> load(Map.of("history.openlineage.endpoint", "api/v1/lineage")))
                .hasMessageContaining("must be empty or start with /");
        assertThatThrownBy(() -> load(Map.of("history.openlineage.namespace", " ")))
                .hasMessageContaining("history.openlineage.namespace must not be blank");
        assertThatThrownBy(() -> load(Map.of("history.openlineage.timeout", "0s")))
                .hasMessageContaining("history.openlineage.timeout");
        assertThatThrownBy(() -> load(Map.of("history.openlineage.headers", "X-Tenant=analytics")))
                .hasMessageContaining("history.openlineage.headers")
                .hasMessageNotContaining("analytics");
    }

    @Test
    void emptyEndpointUsesTheUrlAsIs()
    {
        assertThat(load(Map.of("history.openlineage.endpoint", "")).getEndpoint()).isEmpty();
    }

    private static OpenLineageConfig load(Map<String, String> properties)
    {
        return new Bootstrap(binder -> configBinder(binder).bindConfig(OpenLineageConfig.class))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(properties)
                .initialize()
                .getInstance(OpenLineageConfig.class);
    }
}
