package dev.floe.ingest.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Tells an HTTP endpoint (a chat webhook, an alert manager) when a pipeline fails, pauses itself or stops: a JSON
 * POST per change of state or error, never per retry of the same error. Fire and forget: a webhook that is down
 * costs a log line, never the pipeline.
 */
public final class FailureWebhook
{
    private static final Logger log = Logger.get(FailureWebhook.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Optional<URI> url;
    private final HttpClient client;

    public FailureWebhook(Optional<URI> url)
    {
        this.url = requireNonNull(url, "url is null");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static FailureWebhook none()
    {
        return new FailureWebhook(Optional.empty());
    }

    public void notify(String pipeline, String targetTable, String node, PipelineStatus.Activity state, String error, Instant time)
    {
        if (url.isEmpty()) {
            return;
        }
        String body;
        try {
            body = MAPPER.writeValueAsString(ImmutableMap.of(
                    "pipeline", pipeline,
                    "target_table", targetTable,
                    "node", node,
                    "state", state.name(),
                    "error", error,
                    "time", time.toString()));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(url.get())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                log.warn("Pipeline %s: webhook %s failed: %s", pipeline, url.get(), failure.getMessage());
            }
            else if (response.statusCode() >= 300) {
                log.warn("Pipeline %s: webhook %s answered HTTP %s", pipeline, url.get(), response.statusCode());
            }
        });
    }
}
