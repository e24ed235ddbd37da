package dev.floe.resultcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.http.server.HttpServerInfo;
import io.airlift.http.server.HttpServerModule;
import io.airlift.node.NodeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The result cache, started in-process as {@link ResultCacheServer} starts it, on a free loopback port. */
public final class TestingResultCache
        implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LifeCycleManager lifeCycle;
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestingResultCache(Map<String, String> properties)
    {
        Map<String, String> all = ImmutableMap.<String, String>builder()
                .put("node.environment", "test")
                .put("node.bind-ip", "127.0.0.1")
                .put("http-server.http.port", "0")
                // no request log in the working directory
                .put("http-server.log.enabled", "false")
                .putAll(properties)
                .buildKeepingLast();
        var injector = new Bootstrap(new NodeModule(), new HttpServerModule(), new ResultCacheModule())
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(all)
                .initialize();
        lifeCycle = injector.getInstance(LifeCycleManager.class);
        uri = URI.create("http://127.0.0.1:" + injector.getInstance(HttpServerInfo.class).getHttpUri().getPort());
    }

    public URI uri()
    {
        return uri;
    }

    public JsonNode status()
    {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri.resolve("/v1/cache/status")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status: HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        lifeCycle.stop();
    }
}
