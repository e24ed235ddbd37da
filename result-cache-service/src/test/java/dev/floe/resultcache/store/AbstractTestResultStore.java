package dev.floe.resultcache.store;

import dev.floe.resultcache.store.BlobStore.Blob;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        store.put(entry("a", Long.MAX_VALUE, 42, payload), payload);
        store.put(entry("b", Long.MAX_VALUE, 42, payload), payload);
        store.put(entry("c", Long.MAX_VALUE, 42, payload), payload);
        assertThat(store.entry("a")).isPresent();
        store.put(entry("d", Long.MAX_VALUE, 42, payload), payload);

        assertThat(store.entry("b")).isEmpty();
        assertThat(store.entry("a")).isPresent();
        assertThat(store.entry("c")).isPresent();
        assertThat(store.entry("d")).isPresent();
        assertThat(store.bytes()).isLessThanOrEqualTo(2_100);
        assertThat(names()).containsExactlyInAnyOrder("a.entry", "c.entry", "d.entry");
        // one result larger than the whole store is not kept
        byte[] huge = payload("x".repeat(3_000));
        assertThat(store.put(entry("huge", Long.MAX_VALUE, 42, huge), huge)).isFalse();
        assertThat(names()).doesNotContain("huge.entry");
    }

    @Test
    void invalidationRemovesTheEntriesThatReadATable()
            throws IOException
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        store.put(entry("a", Long.MAX_VALUE), payload("a"));
        CacheEntry other = new CacheEntry("b", "SELECT 1", "alice", "q2", 0, Long.MAX_VALUE,
                List.of(new InputVersion("lakehouse", "demo", "nation", Optional.of(7L))), 1, payload("b").length);
        store.put(other, payload("b"));
        assertThat(store.removeIf(entry -> entry.readsTable("LAKEHOUSE.demo.orders"))).isEqualTo(1);
        assertThat(store.entry("a")).isEmpty();
        assertThat(store.entry("b")).contains(other);
        assertThat(store.payload(entry("a", Long.MAX_VALUE))).isEmpty();
        assertThat(names()).containsExactly("b.entry");
    }

    @Test
    void rowsAreServedOnlyWithTheEntryTheyBelongTo()
            throws IOException
    {
        // two stores of one key racing: the index took the result of snapshot 43, the object is that of snapshot 42
        byte[] older = payload("older");
        byte[] newer = payload("newer");
        CacheEntry current = entry("k", Long.MAX_VALUE, 43, newer);
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        store.put(current, newer);
        new ResultStore(blobs(), 1_000_000).put(entry("k", Long.MAX_VALUE, 42, older), older);

        assertThat(store.entry("k")).contains(current);
        assertThat(store.payload(current)).isEmpty();
        assertThat(store.entry("k")).isEmpty();
        assertThat(names()).isEmpty();
    }

    @Test
    void objectsCutShortAreDroppedAtStart()
            throws IOException
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        store.put(entry("whole", Long.MAX_VALUE), payload("whole"));
        store.put(entry("cut", Long.MAX_VALUE), payload("cut"));
        byte[] object = blobs().get("cut.entry").orElseThrow();
        blobs().put("cut.entry", Arrays.copyOf(object, object.length - 4));
        blobs().put("empty.entry", new byte[0]);

        ResultStore reopened = new ResultStore(blobs(), 1_000_000);
        assertThat(reopened.entry("cut")).isEmpty();
        assertThat(reopened.entry("whole")).isPresent();
        assertThat(names()).containsExactly("whole.entry");
    }

    @Test
    void anEntryMustDescribeItsRows()
    {
        ResultStore store = new ResultStore(blobs(), 1_000_000);
        assertThatThrownBy(() -> store.put(entry("a", Long.MAX_VALUE), payload("longer than a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payloadBytes");
    }

    protected final List<String> names()
            throws IOException
    {
        return blobs().list().stream().map(Blob::name).toList();
    }

    private static CacheEntry entry(String key, long expires)
    {
        return entry(key, expires, 42, payload(key));
    }

    private static CacheEntry entry(String key, long expires, long snapshot, byte[] payload)
    {
        return new CacheEntry(key, "SELECT * FROM orders", "alice", "q" + snapshot, 0, expires,
                List.of(new InputVersion("lakehouse", "demo", "orders", Optional.of(snapshot))), 1, payload.length);
    }

    private static byte[] payload(String value)
    {
        return ("\"columns\":[],\"data\":[[\"" + value + "\"]]").getBytes(UTF_8);
    }
}
