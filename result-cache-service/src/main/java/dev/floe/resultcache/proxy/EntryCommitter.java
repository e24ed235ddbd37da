package dev.floe.resultcache.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableListMultimap;
import dev.floe.resultcache.protocol.ClientRequest;
import dev.floe.resultcache.stats.CacheStats;
import dev.floe.resultcache.store.CacheEntry;
import dev.floe.resultcache.store.ResultStore;
import dev.floe.resultcache.validity.AccessVersion;
import dev.floe.resultcache.validity.Cacheability;
import dev.floe.resultcache.validity.Cacheability.Verdict;
import dev.floe.resultcache.validity.QueryFacts;
import io.airlift.log.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Turns a finished forwarded query into a cache entry, after the client already has its last page. It asks the
 * coordinator, as the query's own user, what the query read ({@code /v1/query/{id}}), lets {@link Cacheability}
 * decide, and stores the rows only when the access version (policy and identity files) is the one the query
 * started under.
 */
public final class EntryCommitter
{
    private static final Logger log = Logger.get(EntryCommitter.class);
    private static final List<String> IDENTITY_HEADERS = List.of(ClientRequest.USER, "x-trino-original-user", ClientRequest.AUTHORIZATION, "x-trino-role");

    private final Forwarder forwarder;
    private final Cacheability cacheability;
    private final AccessVersion accessVersion;
    private final ResultStore store;
    private final CacheStats stats;
    private final ObjectMapper json;
    private final long maxAgeMillis;
    private final long ttlMaxAgeMillis;

    public EntryCommitter(Forwarder forwarder, Cacheability cacheability, AccessVersion accessVersion, ResultStore store, CacheStats stats, ObjectMapper json, long maxAgeMillis, long ttlMaxAgeMillis)
    {
        this.forwarder = requireNonNull(forwarder, "forwarder is null");
        this.cacheability = requireNonNull(cacheability, "cacheability is null");
        this.accessVersion = requireNonNull(accessVersion, "accessVersion is null");
        this.store = requireNonNull(store, "store is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.json = requireNonNull(json, "json is null");
        this.maxAgeMillis = maxAgeMillis;
        this.ttlMaxAgeMillis = ttlMaxAgeMillis;
    }

    public void commit(ResultCapture capture, String host)
    {
        try {
            Optional<byte[]> fragment = capture.fragment(json);
            if (fragment.isEmpty()) {
                refuse(capture, "too large", "its rows exceed result-cache.max-result-size");
                return;
            }
            Optional<QueryFacts> facts = queryFacts(capture, host);
            if (facts.isEmpty()) {
                refuse(capture, "no query info", "the coordinator did not report what it read");
                return;
            }
            Verdict verdict = cacheability.verdict(facts.get(), capture.startMillis());
            if (verdict instanceof Verdict.Refuse(String reason)) {
                refuse(capture, "not versioned", reason);
                return;
            }
            Verdict.Store store = (Verdict.Store) verdict;
            // the same period of the same version as at the start (no change came and went), and settled
            Optional<AccessVersion.Current> access = accessVersion.current();
            if (access.isEmpty() || !access.get().stamp().equals(capture.accessStamp()) || !access.get().storable()) {
                refuse(capture, "policy changed", "the access policy or an identity file changed while it ran");
                return;
            }
            long now = System.currentTimeMillis();
            long maxAge = store.ageOnly() ? Math.min(maxAgeMillis, ttlMaxAgeMillis) : maxAgeMillis;
            CacheEntry entry = new CacheEntry(
                    capture.key(),
                    capture.query(),
                    capture.client().user().orElse(""),
                    capture.queryId(),
                    now,
                    capture.startMillis() + maxAge,
                    store.inputs(),
                    capture.rowCount(),
                    fragment.get().length);
            if (this.store.put(entry, fragment.get())) {
                stats.stored();
            }
            else {
                refuse(capture, "not written", "the store could not keep it");
            }
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot store the result of query %s", capture.queryId());
            stats.refused("failed");
        }
    }

    private Optional<QueryFacts> queryFacts(ResultCapture capture, String host)
    {
        ImmutableListMultimap.Builder<String, String> headers = ImmutableListMultimap.builder();
        for (String header : IDENTITY_HEADERS) {
            headers.putAll(header, capture.client().values(header));
        }
        UpstreamResponse response = forwarder.send("GET", "/v1/query/" + capture.queryId(), headers.build(), new byte[0], host);
        if (response.status() != 200) {
            log.warn("Query info of %s: HTTP %s", capture.queryId(), response.status());
            return Optional.empty();
        }
        try {
            JsonNode info = json.readTree(response.body());
            return Optional.of(QueryFacts.fromQueryInfo(info));
        }
        catch (IOException e) {
            log.warn("Query info of %s is not JSON: %s", capture.queryId(), e.getMessage());
            return Optional.empty();
        }
    }

    private void refuse(ResultCapture capture, String kind, String reason)
    {
        stats.refused(kind);
        log.debug("Not caching query %s: %s", capture.queryId(), reason);
    }
}
