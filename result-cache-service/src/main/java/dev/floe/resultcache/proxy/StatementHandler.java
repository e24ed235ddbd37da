package dev.floe.resultcache.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ListMultimap;
import dev.floe.resultcache.key.CacheKeys;
import dev.floe.resultcache.key.Statement;
import dev.floe.resultcache.key.StatementClassifier;
import dev.floe.resultcache.protocol.ClientRequest;
import dev.floe.resultcache.protocol.SyntheticResults;
import dev.floe.resultcache.stats.CacheStats;
import dev.floe.resultcache.stats.HitRecorder;
import dev.floe.resultcache.store.CacheEntry;
import dev.floe.resultcache.store.ResultStore;
import dev.floe.resultcache.validity.AccessVersion;
import dev.floe.resultcache.validity.EntryValidator;
import io.airlift.log.Logger;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The statement protocol through the cache. {@code POST /v1/statement} of a cacheable query is looked up by key and,
 * when a current entry exists, answered at once; otherwise it is forwarded and its pages are captured while the
 * client follows {@code nextUri} through the proxy, and the finished result becomes an entry. Every other
 * statement, and every page of a query not being captured, passes through unchanged.
 */
public final class StatementHandler
{
    private static final Logger log = Logger.get(StatementHandler.class);
    private static final String DATA_ENCODING = "x-trino-query-data-encoding";
    // Rows held in memory, each kind up to a quarter of the heap: beyond that the largest consumers go, which costs
    // a capture its storing (the query itself passes on) and a hit its rows (the client gets an error)
    private static final long HELD_BYTES = Runtime.getRuntime().maxMemory() / 4;

    private final Forwarder forwarder;
    private final StatementClassifier classifier;
    private final AccessVersion accessVersion;
    private final ResultStore store;
    private final EntryValidator validator;
    private final EntryCommitter committer;
    private final SyntheticResults synthetic;
    private final HitRecorder hits;
    private final CacheStats stats;
    private final ObjectMapper json;
    private final Executor background;
    private final long maxResultBytes;
    // queries being captured, by query id, weighed by the rows kept (re-weighed at each page); a client that stops
    // following leaves its capture to expire
    private final Cache<String, ResultCapture> captures = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(15))
            .maximumWeight(HELD_BYTES)
            .<String, ResultCapture>weigher((_, capture) -> (int) Math.min(Integer.MAX_VALUE, 1024 + capture.bufferedBytes()))
            .build();
    // hits between the queued answer and the page with the rows, by their query id; weighed by the rows they hold
    private final Cache<String, PendingHit> pendingHits = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(2))
            .maximumWeight(HELD_BYTES)
            .<String, PendingHit>weigher((_, hit) -> 1024 + hit.fragment().length)
            .build();

    private record PendingHit(CacheEntry entry, byte[] fragment, ClientRequest client, String slug, double submitMillis) {}

    public StatementHandler(
            Forwarder forwarder,
            StatementClassifier classifier,
            AccessVersion accessVersion,
            ResultStore store,
            EntryValidator validator,
            EntryCommitter committer,
            SyntheticResults synthetic,
            HitRecorder hits,
            CacheStats stats,
            ObjectMapper json,
            Executor background,
            long maxResultBytes)
    {
        this.forwarder = requireNonNull(forwarder, "forwarder is null");
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.accessVersion = requireNonNull(accessVersion, "accessVersion is null");
        this.store = requireNonNull(store, "store is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.synthetic = requireNonNull(synthetic, "synthetic is null");
        this.hits = requireNonNull(hits, "hits is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.json = requireNonNull(json, "json is null");
        this.background = requireNonNull(background, "background is null");
        this.maxResultBytes = maxResultBytes;
    }

    public void submit(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        long start = System.nanoTime();
        byte[] body = request.getInputStream().readAllBytes();
        String sql = new String(body, UTF_8);
        ClientRequest client = ClientRequest.from(request);
        String host = host(request);
        Statement statement = classifier.classify(sql);
        switch (statement) {
            case Statement.SkipDirective directive -> answerSkipDirective(directive, request, response);
            case Statement.PassThrough _ -> {
                stats.notCacheable();
                forward(request, response, client, body, host, start);
            }
            case Statement.Cacheable cacheable -> submitCacheable(cacheable, sql, client, body, host, start, request, response);
        }
    }

    private void submitCacheable(Statement.Cacheable cacheable, String sql, ClientRequest client, byte[] body, String host, long start, HttpServletRequest request, HttpServletResponse response)
    {
        Optional<AccessVersion.Current> access = accessVersion.current();
        if (client.skipsCache() || client.inTransaction() || client.unkeyable().isPresent() || access.isEmpty()) {
            stats.bypassed();
            forward(request, response, client, body, host, start);
            return;
        }
        String key = CacheKeys.key(cacheable.normalized(), client, access.get().version());
        Optional<CacheEntry> entry = store.entry(key);
        if (entry.isPresent()) {
            if (validator.isCurrent(entry.get(), System.currentTimeMillis())) {
                Optional<byte[]> fragment = store.payload(entry.get());
                if (fragment.isPresent()) {
                    answerHitSubmission(entry.get(), fragment.get(), client, request, response, start);
                    return;
                }
            }
            else {
                // this entry only: a result stored meanwhile by a run of the same query is current
                store.removeIfCurrent(entry.get());
                stats.invalidated();
            }
        }
        stats.miss();
        long upstreamStart = System.nanoTime();
        // rows inline, so that they can be kept: spooled segments are fetched by the client from elsewhere
        UpstreamResponse upstream = forwarder.send("POST", pathAndQuery(request), withoutDataEncoding(client), body, host);
        long upstreamNanos = System.nanoTime() - upstreamStart;
        // right after an identity file changed, Trino may still compute with the old membership: nothing is stored
        if (upstream.status() == 200 && access.get().storable()) {
            ResultCapture capture = new ResultCapture(key, sql, client, access.get().stamp(), maxResultBytes, System.currentTimeMillis());
            take(capture, -1, upstream, host);
        }
        Forwarder.write(upstream, response);
        stats.forwardOverhead((System.nanoTime() - start - upstreamNanos) / 1e6);
    }

    /** A request on a {@code nextUri} ({@code /v1/statement/queued|executing/{queryId}/{slug}/{token}}). */
    public void follow(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        long start = System.nanoTime();
        String[] parts = request.getRequestURI().split("/");
        PendingHit hit = parts.length > 5 ? pendingHits.getIfPresent(parts[4]) : null;
        // a wrong slug goes on to the coordinator, which knows no such query: the rows go only to the address given out
        if (hit != null && hit.slug().equals(parts[5])) {
            answerHitPage(parts[4], hit, request, response, start);
            return;
        }
        ResultCapture capture = parts.length > 4 ? captures.getIfPresent(parts[4]) : null;
        ClientRequest client = ClientRequest.from(request);
        byte[] body = request.getInputStream().readAllBytes();
        if (capture == null) {
            forward(request, response, client, body, host(request), start);
            return;
        }
        if (request.getMethod().equals("DELETE")) {
            // the capture ends only when the coordinator accepted the cancel (its slug checked)
            UpstreamResponse upstream = forwarder.send("DELETE", pathAndQuery(request), client.upstreamHeaders(), body, host(request));
            if (upstream.status() / 100 == 2) {
                captures.invalidate(parts[4]);
            }
            Forwarder.write(upstream, response);
            return;
        }
        long upstreamStart = System.nanoTime();
        UpstreamResponse upstream = forwarder.send(request.getMethod(), pathAndQuery(request), client.upstreamHeaders(), body, host(request));
        long upstreamNanos = System.nanoTime() - upstreamStart;
        if (upstream.status() == 200) {
            boolean executing = parts[3].equals("executing");
            take(capture, executing && parts.length > 6 ? token(parts[6]) : -1, upstream, host(request));
        }
        Forwarder.write(upstream, response);
        stats.forwardOverhead((System.nanoTime() - start - upstreamNanos) / 1e6);
    }

    private void take(ResultCapture capture, long token, UpstreamResponse upstream, String host)
    {
        JsonNode page;
        try {
            page = json.readTree(upstream.body());
        }
        catch (IOException e) {
            log.warn("A page of query %s is not JSON; not caching it", capture.queryId());
            return;
        }
        if (!capture.accept(token, page, json)) {
            return;
        }
        String queryId = capture.queryId();
        if (page.hasNonNull("nextUri")) {
            captures.put(queryId, capture);
            return;
        }
        captures.invalidate(queryId);
        if (!page.hasNonNull("error") && page.path("stats").path("state").asText().equals("FINISHED")) {
            background.execute(() -> committer.commit(capture, host));
        }
    }

    private void answerHitSubmission(CacheEntry entry, byte[] fragment, ClientRequest client, HttpServletRequest request, HttpServletResponse response, long start)
    {
        String queryId = synthetic.nextQueryId();
        String slug = synthetic.nextSlug();
        String nextUri = "%s/v1/statement/executing/%s/%s/1".formatted(baseUri(request), queryId, slug);
        pendingHits.put(queryId, new PendingHit(entry, fragment, client, slug, (System.nanoTime() - start) / 1e6));
        write(response, synthetic.queuedResult(queryId, baseUri(request) + "/v1/cache/status", nextUri));
    }

    private void answerHitPage(String queryId, PendingHit hit, HttpServletRequest request, HttpServletResponse response, long start)
    {
        pendingHits.invalidate(queryId);
        if (request.getMethod().equals("DELETE")) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        double millis = hit.submitMillis() + (System.nanoTime() - start) / 1e6;
        byte[] body = synthetic.cachedResult(queryId, baseUri(request) + "/v1/cache/status", hit.fragment(), hit.entry().rows(), Math.round(millis));
        if (write(response, body)) {
            double servedMillis = hit.submitMillis() + (System.nanoTime() - start) / 1e6;
            stats.hit(body.length, servedMillis);
            hits.record(queryId, hit.entry(), hit.client(), servedMillis);
        }
    }

    private static boolean write(HttpServletResponse response, byte[] body)
    {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
            return true;
        }
        catch (IOException e) {
            log.debug("Client went away before its answer was written: %s", e.getMessage());
            return false;
        }
    }

    private void answerSkipDirective(Statement.SkipDirective directive, HttpServletRequest request, HttpServletResponse response)
    {
        byte[] body = synthetic.sessionResult(synthetic.nextQueryId(), baseUri(request) + "/v1/cache/status", directive.reset() ? "RESET SESSION" : "SET SESSION");
        if (directive.reset()) {
            response.setHeader("X-Trino-Clear-Session", ClientRequest.SKIP_PROPERTY);
        }
        else {
            response.setHeader("X-Trino-Set-Session", ClientRequest.SKIP_PROPERTY + "=" + directive.skip());
        }
        write(response, body);
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, ClientRequest client, byte[] body, String host, long start)
    {
        long upstreamStart = System.nanoTime();
        UpstreamResponse upstream = forwarder.send(request.getMethod(), pathAndQuery(request), client.upstreamHeaders(), body, host);
        long upstreamNanos = System.nanoTime() - upstreamStart;
        Forwarder.write(upstream, response);
        stats.forwardOverhead((System.nanoTime() - start - upstreamNanos) / 1e6);
    }

    private static ListMultimap<String, String> withoutDataEncoding(ClientRequest client)
    {
        ListMultimap<String, String> headers = ArrayListMultimap.create(client.upstreamHeaders());
        headers.removeAll(DATA_ENCODING);
        return headers;
    }

    private static long token(String value)
    {
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    static String pathAndQuery(HttpServletRequest request)
    {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    static String host(HttpServletRequest request)
    {
        String host = request.getHeader("Host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    static String baseUri(HttpServletRequest request)
    {
        return request.getScheme() + "://" + host(request);
    }
}
