package dev.floe.history.openlineage;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/** Settings of the OpenLineage export; setting {@code history.openlineage.url} enables it. */
public final class OpenLineageConfig
{
    private URI url;
    private String endpoint = "/api/v1/lineage";
    private String namespace;
    private String apiKey;
    private Duration timeout = new Duration(10, SECONDS);
    private String headers;

    public Optional<URI> getUrl()
    {
        return Optional.ofNullable(url);
    }

    @Config("history.openlineage.url")
    @ConfigDescription("Base URL of the OpenLineage consumer (Marquez, DataHub, …); setting it enables the export")
    public OpenLineageConfig setUrl(URI url)
    {
        this.url = url;
        return this;
    }

    @AssertTrue(message = "history.openlineage.url must be an absolute http or https URL")
    public boolean isUrlValid()
    {
        return url == null || (("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) && url.getHost() != null);
    }

    @NotNull
    @Pattern(regexp = "(/.*)?", message = "must be empty or start with /")
    public String getEndpoint()
    {
        return endpoint;
    }

    @Config("history.openlineage.endpoint")
    @ConfigDescription("Path of the lineage endpoint, appended to the URL")
    public OpenLineageConfig setEndpoint(String endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    public Optional<String> getNamespace()
    {
        return Optional.ofNullable(namespace);
    }

    @Config("history.openlineage.namespace")
    @ConfigDescription("Namespace of the jobs and datasets (default: trino:// and the coordinator's address)")
    public OpenLineageConfig setNamespace(String namespace)
    {
        this.namespace = namespace;
        return this;
    }

    @AssertTrue(message = "history.openlineage.namespace must not be blank")
    public boolean isNamespaceValid()
    {
        return namespace == null || !namespace.isBlank();
    }

    public Optional<String> getApiKey()
    {
        return Optional.ofNullable(apiKey);
    }

    @Config("history.openlineage.api-key")
    @ConfigDescription("Sent as Authorization: Bearer <api-key>")
    @ConfigSecuritySensitive
    public OpenLineageConfig setApiKey(String apiKey)
    {
        this.apiKey = apiKey;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getTimeout()
    {
        return timeout;
    }

    @Config("history.openlineage.timeout")
    @ConfigDescription("Connect timeout and timeout of each request")
    public OpenLineageConfig setTimeout(Duration timeout)
    {
        this.timeout = timeout;
        return this;
    }

    public Map<String, String> getHeaders()
    {
        return parseHeaders(headers).orElseThrow(() -> new IllegalStateException("history.openlineage.headers is invalid"));
    }

    @Config("history.openlineage.headers")
    @ConfigDescription("Extra request headers: Name:value,Name2:value2")
    @ConfigSecuritySensitive
    public OpenLineageConfig setHeaders(String headers)
    {
        this.headers = headers;
        return this;
    }

    // the message does not echo the value, which may hold a credential
    @AssertTrue(message = "history.openlineage.headers must be Name:value pairs separated by commas")
    public boolean isHeadersValid()
    {
        return parseHeaders(headers).isPresent();
    }

    private static Optional<Map<String, String>> parseHeaders(String headers)
    {
        if (headers == null || headers.isBlank()) {
            return Optional.of(Map.of());
        }
        Map<String, String> parsed = new HashMap<>();
        for (String header : headers.split(",")) {
            int colon = header.indexOf(':');
            if (colon < 0 || header.substring(0, colon).isBlank()) {
                return Optional.empty();
            }
            parsed.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        return Optional.of(Map.copyOf(parsed));
    }
}
