package dev.floe.resultcache.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Query results the proxy answers itself, shaped as the coordinator's {@code QueryResults}: a queued answer to the
 * submission, then one final page (state FINISHED, no {@code nextUri}) with every row, so every client takes them
 * as a query that completed at once. Their ids look like Trino's ({@code yyyyMMdd_HHmmss_NNNNN_cache}) but name no
 * query of the coordinator.
 */
public final class SyntheticResults
{
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final AtomicLong sequence = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public SyntheticResults(ObjectMapper json)
    {
        this.json = json;
    }

    public String nextQueryId()
    {
        return "%s_%05d_cache".formatted(ID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)), sequence.incrementAndGet() % 100_000);
    }

    /**
     * The secret part of a hit's {@code nextUri}, as the coordinator's slug is of its own: query ids are guessable,
     * and whoever holds the address gets the rows.
     */
    public String nextSlug()
    {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A cached result: {@code fragment} is {@code "columns":[…]} and, with rows, {@code ,"data":[…]}. */
    public byte[] cachedResult(String queryId, String infoUri, byte[] fragment, long rows, long elapsedMillis)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fragment.length + 1024);
        try {
            out.write(("{\"id\":" + json.writeValueAsString(queryId) + ",\"infoUri\":" + json.writeValueAsString(infoUri) + ",").getBytes(UTF_8));
            out.write(fragment);
            out.write(",\"stats\":".getBytes(UTF_8));
            try (JsonGenerator generator = json.createGenerator(out)) {
                writeStats(generator, "FINISHED", rows, elapsedMillis);
            }
            out.write(",\"warnings\":[]}".getBytes(UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The answer to the submission of a query the cache will answer: queued, with a {@code nextUri} on the cache
     * where the rows are. Clients take rows only from pages they fetched (Trino never puts rows into the answer to
     * a submission), so the rows come on the second request, as they would from the coordinator.
     */
    public byte[] queuedResult(String queryId, String infoUri, String nextUri)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", queryId);
            generator.writeStringField("infoUri", infoUri);
            generator.writeStringField("nextUri", nextUri);
            generator.writeFieldName("stats");
            writeStats(generator, "QUEUED", 0, 0);
            generator.writeArrayFieldStart("warnings");
            generator.writeEndArray();
            generator.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The answer to {@code SET SESSION} / {@code RESET SESSION} of the proxy's own property, as Trino answers it. */
    public byte[] sessionResult(String queryId, String infoUri, String updateType)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", queryId);
            generator.writeStringField("infoUri", infoUri);
            generator.writeArrayFieldStart("columns");
            generator.writeStartObject();
            generator.writeStringField("name", "result");
            generator.writeStringField("type", "boolean");
            generator.writeObjectFieldStart("typeSignature");
            generator.writeStringField("rawType", "boolean");
            generator.writeArrayFieldStart("arguments");
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndObject();
            generator.writeEndArray();
            generator.writeArrayFieldStart("data");
            generator.writeStartArray();
            generator.writeBoolean(true);
            generator.writeEndArray();
            generator.writeEndArray();
            generator.writeFieldName("stats");
            writeStats(generator, "FINISHED", 0, 0);
            generator.writeArrayFieldStart("warnings");
            generator.writeEndArray();
            generator.writeStringField("updateType", updateType);
            generator.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStats(JsonGenerator generator, String state, long rows, long elapsedMillis)
            throws IOException
    {
        boolean finished = state.equals("FINISHED");
        generator.writeStartObject();
        generator.writeStringField("state", state);
        generator.writeBooleanField("queued", !finished);
        generator.writeBooleanField("scheduled", finished);
        generator.writeNumberField("progressPercentage", finished ? 100.0 : 0.0);
        generator.writeNumberField("runningPercentage", 0.0);
        for (String field : new String[] {"nodes", "totalSplits", "queuedSplits", "runningSplits", "completedSplits"}) {
            generator.writeNumberField(field, 0);
        }
        for (String field : new String[] {"planningTimeMillis", "analysisTimeMillis", "cpuTimeMillis", "queuedTimeMillis", "finishingTimeMillis",
                "physicalInputTimeMillis", "processedBytes", "physicalInputBytes", "physicalWrittenBytes", "internalNetworkInputBytes",
                "peakMemoryBytes", "spilledBytes"}) {
            generator.writeNumberField(field, 0L);
        }
        generator.writeNumberField("wallTimeMillis", elapsedMillis);
        generator.writeNumberField("elapsedTimeMillis", elapsedMillis);
        generator.writeNumberField("processedRows", rows);
        generator.writeEndObject();
    }
}
