package dev.floe.resultcache.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.handover.HistoryHandoverWriter;
import dev.floe.resultcache.protocol.ClientRequest;
import dev.floe.resultcache.store.CacheEntry;
import dev.floe.resultcache.store.InputVersion;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Records every hit in Floe's query history: a row of {@code result_cache_hits}, handed over through the history's
 * directory (see module history-handover), so that queries answered by the cache stay visible next to those the
 * coordinator ran. Without a configured directory hits are only counted.
 */
public final class HitRecorder
        implements AutoCloseable
{
    public static final String TABLE = "result_cache_hits";

    private static final Logger log = Logger.get(HitRecorder.class);

    private final Optional<HistoryHandoverWriter> writer;
    private final ObjectMapper json;

    public HitRecorder(Optional<Path> directory, ObjectMapper json)
    {
        this.writer = requireNonNull(directory, "directory is null").map(HistoryHandoverWriter::new);
        this.json = requireNonNull(json, "json is null");
    }

    public void record(String queryId, CacheEntry entry, ClientRequest client, double latencyMillis)
    {
        if (writer.isEmpty()) {
            return;
        }
        try {
            ObjectNode row = json.createObjectNode();
            row.put("query_id", queryId);
            Instant now = Instant.now();
            // the history's timestamps are microseconds since the epoch
            row.put("hit_time", now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
            row.put("user", client.user().orElse(entry.user()));
            client.values("x-trino-source").stream().findFirst().ifPresent(source -> row.put("source", source));
            ArrayNode tags = row.putArray("client_tags");
            client.values("x-trino-client-tags").forEach(value -> {
                for (String tag : value.split(",")) {
                    if (!tag.isBlank()) {
                        tags.add(tag.trim());
                    }
                }
            });
            client.values("x-trino-catalog").stream().findFirst().ifPresent(catalog -> row.put("session_catalog", catalog));
            client.values("x-trino-schema").stream().findFirst().ifPresent(schema -> row.put("session_schema", schema));
            row.put("query", entry.query());
            row.put("cache_key", entry.key());
            row.put("origin_query_id", entry.originQueryId());
            ArrayNode inputs = row.putArray("inputs");
            entry.inputs().stream().map(InputVersion::toString).forEach(inputs::add);
            row.put("output_rows", entry.rows());
            row.put("output_bytes", entry.payloadBytes());
            row.put("latency_ms", latencyMillis);
            writer.get().append(TABLE, row);
        }
        catch (RuntimeException e) {
            // the answer is already with the client; a lost history row must not turn into an error
            log.warn(e, "Cannot record cache hit %s in the query history", queryId);
        }
    }

    @PreDestroy
    @Override
    public void close()
    {
        writer.ifPresent(HistoryHandoverWriter::close);
    }
}
