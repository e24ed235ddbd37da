package dev.floe.resultcache.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import dev.floe.resultcache.stats.CacheStats;
import dev.floe.resultcache.store.ResultStore;
import io.airlift.log.Logger;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The proxy's own endpoints. {@code GET /v1/cache/status}: entries, bytes, hits, misses and latencies.
 * {@code POST /v1/cache/flush}: drops every entry. {@code POST /v1/cache/invalidate?table=catalog.schema.table}:
 * drops the entries that read the table. Flush and invalidation are accepted from the proxy's own machine only.
 */
public final class AdminHandler
{
    private static final Logger log = Logger.get(AdminHandler.class);

    private final ResultStore store;
    private final CacheStats stats;
    private final ObjectMapper json;

    public AdminHandler(ResultStore store, CacheStats stats, ObjectMapper json)
    {
        this.store = requireNonNull(store, "store is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.json = requireNonNull(json, "json is null");
    }

    public void handle(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        String path = request.getRequestURI();
        String method = request.getMethod();
        if (path.equals("/v1/cache/status") && method.equals("GET")) {
            write(response, HttpServletResponse.SC_OK, stats.snapshot(store.size(), store.bytes()));
            return;
        }
        boolean flush = path.equals("/v1/cache/flush");
        boolean invalidate = path.equals("/v1/cache/invalidate");
        if (!flush && !invalidate) {
            write(response, HttpServletResponse.SC_NOT_FOUND, ImmutableMap.of("error", "no such endpoint: %s %s (GET /v1/cache/status, POST /v1/cache/flush, POST /v1/cache/invalidate?table=catalog.schema.table)".formatted(method, path)));
            return;
        }
        if (!method.equals("POST")) {
            write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, ImmutableMap.of("error", path + " takes POST"));
            return;
        }
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
            write(response, HttpServletResponse.SC_FORBIDDEN, ImmutableMap.of("error", path + " is accepted from the proxy's own machine only"));
            return;
        }
        if (flush) {
            int removed = store.removeIf(_ -> true);
            log.info("Flushed the result cache: %s entries", removed);
            write(response, HttpServletResponse.SC_OK, ImmutableMap.of("removed", removed));
            return;
        }
        String table = request.getParameter("table");
        if (table == null || table.split("\\.", -1).length != 3) {
            write(response, HttpServletResponse.SC_BAD_REQUEST, ImmutableMap.of("error", "parameter table must be catalog.schema.table, not " + table));
            return;
        }
        int removed = store.removeIf(entry -> entry.readsTable(table));
        log.info("Invalidated the cached results that read %s: %s entries", table, removed);
        write(response, HttpServletResponse.SC_OK, ImmutableMap.of("removed", removed, "table", table));
    }

    private void write(HttpServletResponse response, int status, Map<String, ?> body)
            throws IOException
    {
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
