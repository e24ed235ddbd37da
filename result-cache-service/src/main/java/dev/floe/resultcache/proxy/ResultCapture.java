package dev.floe.resultcache.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.resultcache.protocol.ClientRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The rows of one forwarded cacheable query as they pass by, page after page, kept as the response fragment the
 * store serves ({@code "columns":[…],"data":[…]}). A page is taken once: a client that repeats a request (the
 * protocol allows it) gets the same page again, which must not be added twice. Past the size limit the capture
 * stops keeping rows and only follows the query to its end.
 */
public final class ResultCapture
{
    private final String key;
    private final String query;
    private final ClientRequest client;
    private final String accessStamp;
    private final long maxBytes;
    private final long startMillis;
    // guarded by this
    private String queryId;
    private JsonNode columns;
    // null once the rows are not kept (past the size limit, or spooled): its memory goes back while the query runs on
    private ByteArrayOutputStream rows = new ByteArrayOutputStream();
    private long rowCount;
    private long lastToken = -1;

    public ResultCapture(String key, String query, ClientRequest client, String accessStamp, long maxBytes, long startMillis)
    {
        this.key = requireNonNull(key, "key is null");
        this.query = requireNonNull(query, "query is null");
        this.client = requireNonNull(client, "client is null");
        this.accessStamp = requireNonNull(accessStamp, "accessStamp is null");
        this.maxBytes = maxBytes;
        this.startMillis = startMillis;
    }

    public String key()
    {
        return key;
    }

    public String query()
    {
        return query;
    }

    public ClientRequest client()
    {
        return client;
    }

    /** The stamp of the access version ({@link dev.floe.resultcache.validity.AccessVersion.Current}) the query started under. */
    public String accessStamp()
    {
        return accessStamp;
    }

    public long startMillis()
    {
        return startMillis;
    }

    public synchronized String queryId()
    {
        return queryId;
    }

    public synchronized long rowCount()
    {
        return rowCount;
    }

    /** The bytes of rows held so far. */
    public synchronized long bufferedBytes()
    {
        return rows == null ? 0 : rows.size();
    }

    /**
     * Takes a page; {@code token} is the page's token in its URI (-1 for the response to the submission).
     * Returns false when the page was already taken.
     */
    public synchronized boolean accept(long token, JsonNode page, ObjectMapper json)
    {
        if (token >= 0 && token <= lastToken) {
            return false;
        }
        lastToken = Math.max(lastToken, token);
        queryId = page.path("id").asText(queryId);
        if (columns == null && page.path("columns").isArray()) {
            columns = page.get("columns");
        }
        JsonNode data = page.path("data");
        if (rows != null && data.isArray()) {
            try {
                for (JsonNode row : data) {
                    if (rowCount > 0) {
                        rows.write(',');
                    }
                    rows.write(json.writeValueAsBytes(row));
                    rowCount++;
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (rows.size() > maxBytes) {
                rows = null;
            }
        }
        else if (data.isObject()) {
            // spooled segments: the rows are not in the page
            rows = null;
        }
        return true;
    }

    /** The response fragment, once the query finished; empty when rows were dropped or no columns came. */
    public synchronized Optional<byte[]> fragment(ObjectMapper json)
    {
        if (rows == null || columns == null) {
            return Optional.empty();
        }
        try {
            ByteArrayOutputStream fragment = new ByteArrayOutputStream(rows.size() + 512);
            fragment.write("\"columns\":".getBytes(UTF_8));
            fragment.write(json.writeValueAsBytes(columns));
            if (rowCount > 0) {
                fragment.write(",\"data\":[".getBytes(UTF_8));
                rows.writeTo(fragment);
                fragment.write(']');
            }
            return Optional.of(fragment.toByteArray());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
