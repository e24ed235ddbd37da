package dev.floe.resultcache.store;

import dev.floe.resultcache.store.BlobStore.Blob;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** What the store does alike on every {@link BlobStore}: restarts, expiry at start, LRU eviction, invalidation. */
abstract class AbstractTestResultStore
{
    /** The storage of the current test; each call opens it anew, as a restarted service would. */
    protected abstract BlobStore blobs();

    @Test
    void entriesSurviveARestart()
            throws IOException
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        CacheEntry entry = entry("a", System.currentTimeMillis() + 60_000);
        assertThat(store.put(entry, payload("a"))).isTrue();
        blobs().put("c.entry", "not json\n".getBytes(UTF_8));

        ResultStore reopened = new ResultStore(blobs(), 1_000_000);
        assertThat(reopened.entry("a")).contains(entry);
        assertThat(reopened.payload(entry).map(bytes -> new String(bytes, UTF_8))).contains("\"columns\":[],\"data\":[[\"a\"]]");
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.bytes()).isEqualTo(store.bytes());
        assertThat(names()).containsExactly("a.entry");
    }

    @Test
    void expiredEntriesAreDroppedAtStart()
            throws IOException
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        store.put(entry("old", System.currentTimeMillis() - 1), payload("old"));
        assertThat(new ResultStore(blobs(), 1_000_000).entry("old")).isEmpty();
        assertThat(names()).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedEntriesGoFirst()
            throws IOException
    {
        byte[] payload = payload("x".repeat(400));
        ResultStore store = new ResultStore(blobs(), 2_100);
        store.put(entry("a", Long.MAX_VALUE), payload);
        store.put(entry("b", Long.MAX_VALUE), payload);
        store.put(entry("c", Long.MAX_VALUE), payload);
        assertThat(store.entry("a")).isPresent();
        store.put(entry("d", Long.MAX_VALUE), payload);

        assertThat(store.entry("b")).isEmpty();
        assertThat(store.entry("a")).isPresent();
        assertThat(store.entry("c")).isPresent();
        assertThat(store.entry("d")).isPresent();
        assertThat(store.bytes()).isLessThanOrEqualTo(2_100);
        assertThat(names()).containsExactlyInAnyOrder("a.entry", "c.entry", "d.entry");
        // one result larger than the whole store is not kept
        assertThat(store.put(entry("huge", Long.MAX_VALUE), payload("x".repeat(3_000)))).isFalse();
        assertThat(names()).doesNotContain("huge.entry");
    }

    @Test
    void invalidationRemovesTheEntriesThatReadATable()
            throws IOException
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        store.put(entry("a", Long.MAX_VALUE), payload("a"));
        CacheEntry other = new CacheEntry("b", "SELECT 1", "alice", "q2", 0, Long.MAX_VALUE,
                List.of(new InputVersion("lakehouse", "demo", "nation", Optional.of(7L))), 1, 10);
        store.put(other, payload("b"));
        assertThat(store.removeIf(entry -> entry.readsTable("LAKEHOUSE.demo.orders"))).isEqualTo(1);
        assertThat(store.entry("a")).isEmpty();
        assertThat(store.entry("b")).contains(other);
        assertThat(store.payload(entry("a", Long.MAX_VALUE))).isEmpty();
        assertThat(names()).containsExactly("b.entry");
    }

    protected final List<String> names()
            throws IOException
    {
        return blobs().list().stream().map(Blob::name).toList();
    }

    private static CacheEntry entry(String key, long expires)
    {
        return new CacheEntry(key, "SELECT * FROM orders", "alice", "q1", 0, expires,
                List.of(new InputVersion("lakehouse", "demo", "orders", Optional.of(42L))), 1, 10);
    }

    private static byte[] payload(String value)
    {
        return ("\"columns\":[],\"data\":[[\"" + value + "\"]]").getBytes(UTF_8);
    }
}
