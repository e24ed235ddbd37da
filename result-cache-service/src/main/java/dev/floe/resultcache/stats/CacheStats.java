package dev.floe.resultcache.stats;

import com.google.common.collect.ImmutableMap;
import io.airlift.stats.TDigest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the cache, shown by {@code GET /v1/cache/status}: lookups by outcome, why results were not stored,
 * and latency digests of hits and of the time the proxy adds to a forwarded request.
 */
public final class CacheStats
{
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong hitBytes = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong invalidated = new AtomicLong();
    private final AtomicLong bypassed = new AtomicLong();
    private final AtomicLong notCacheable = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    // guarded by themselves
    private final TDigest hitMillis = new TDigest();
    private final TDigest forwardOverheadMillis = new TDigest();

    public void hit(long bytes, double millis)
    {
        hits.incrementAndGet();
        hitBytes.addAndGet(bytes);
        synchronized (hitMillis) {
            hitMillis.add(millis);
        }
    }

    public void miss()
    {
        misses.incrementAndGet();
    }

    /** A lookup found an entry whose inputs changed or whose age passed; it was removed. */
    public void invalidated()
    {
        invalidated.incrementAndGet();
    }

    /** A cacheable query was forwarded without lookup: skip_results_cache, a transaction, no policy version. */
    public void bypassed()
    {
        bypassed.incrementAndGet();
    }

    /** A statement that cannot be cached by its syntax was forwarded. */
    public void notCacheable()
    {
        notCacheable.incrementAndGet();
    }

    public void stored()
    {
        stored.incrementAndGet();
    }

    /** A result was not stored; {@code kind} is a short category, e.g. "too large". */
    public void refused(String kind)
    {
        refusals.computeIfAbsent(kind, _ -> new AtomicLong()).incrementAndGet();
    }

    public void forwardOverhead(double millis)
    {
        synchronized (forwardOverheadMillis) {
            forwardOverheadMillis.add(millis);
        }
    }

    public Map<String, Object> snapshot(int entries, long bytes)
    {
        ImmutableMap.Builder<String, Object> status = ImmutableMap.builder();
        status.put("entries", entries)
                .put("bytes", bytes)
                .put("hits", hits.get())
                .put("hit_bytes", hitBytes.get())
                .put("misses", misses.get())
                .put("invalidated", invalidated.get())
                .put("bypassed", bypassed.get())
                .put("not_cacheable", notCacheable.get())
                .put("stored", stored.get());
        ImmutableMap.Builder<String, Long> refused = ImmutableMap.builder();
        refusals.forEach((kind, count) -> refused.put(kind, count.get()));
        status.put("not_stored", refused.buildOrThrow());
        synchronized (hitMillis) {
            status.put("hit_latency_ms", quantiles(hitMillis));
        }
        synchronized (forwardOverheadMillis) {
            status.put("forward_overhead_ms", quantiles(forwardOverheadMillis));
        }
        return status.buildOrThrow();
    }

    private static Map<String, Double> quantiles(TDigest digest)
    {
        if (digest.getCount() == 0) {
            return ImmutableMap.of();
        }
        return ImmutableMap.of("p50", digest.valueAt(0.5), "p90", digest.valueAt(0.9), "p99", digest.valueAt(0.99), "max", digest.getMax());
    }
}
