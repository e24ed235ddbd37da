package dev.floe.history.openlineage;

import dev.floe.history.pipeline.ExportSink;
import dev.floe.history.table.Row;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Sends the OpenLineage run events of each batch to an HTTP consumer (Marquez, DataHub, …), one POST per event as
 * OpenLineage's HTTP transport does. Any failure throws, so the pipeline retries the whole batch: events may arrive
 * more than once, which consumers handle as they key runs by run id and event type.
 */
public final class OpenLineageExportSink
        implements ExportSink
{
    private static final int MAX_ERROR_BODY = 500;

    private final RunEventMapper mapper;
    private final URI uri;
    private final HttpClient client;
    private final HttpRequest template;

    public OpenLineageExportSink(OpenLineageConfig config)
    {
        requireNonNull(config, "config is null");
        String url = config.getUrl()
                .orElseThrow(() -> new IllegalArgumentException("history.openlineage.url is not set"))
                .toString();
        this.uri = URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + config.getEndpoint());
        this.mapper = new RunEventMapper(config.getNamespace());
        Duration timeout = config.getTimeout().toJavaTime();
        // HTTP/1.1: the default would try an h2c upgrade on plain http, which some consumers' proxies reject
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        // built here so that a header the JDK client refuses (Host, Content-Length, …) fails at startup
        HttpRequest.Builder template = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json");
        config.getApiKey().ifPresent(apiKey -> template.header("Authorization", "Bearer " + apiKey));
        config.getHeaders().forEach(template::header);
        this.template = template.build();
    }

    @Override
    public String name()
    {
        return "openlineage";
    }

    @Override
    public void deliver(long segment, List<Row> rows)
            throws IOException, InterruptedException
    {
        for (RunEvent event : mapper.events(rows)) {
            send(OpenLineageClientUtils.toJson(event));
        }
    }

    private void send(String json)
            throws IOException, InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(template, (_, _) -> true)
                .POST(BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            String body = response.body();
            throw new IOException("OpenLineage endpoint %s answered %s: %s".formatted(
                    uri,
                    response.statusCode(),
                    body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "…" : body));
        }
    }

    @Override
    public void close()
    {
        client.close();
    }
}
