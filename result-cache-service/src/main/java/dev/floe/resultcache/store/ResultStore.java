package dev.floe.resultcache.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.primitives.Bytes;
import dev.floe.resultcache.store.BlobStore.Blob;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Cached results, bounded in bytes, least recently used first out. One object per entry, {@code <key>.entry}, in a
 * {@link BlobStore} (a local directory or an S3 prefix): a line of JSON metadata, then the response fragment
 * ({@code "columns":[…],"data":[…]}) served as is. Objects are written whole or not at all; the index is rebuilt
 * from their metadata lines at start, so entries survive restarts.
 */
public final class ResultStore
{
    private static final Logger log = Logger.get(ResultStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());
    private static final String SUFFIX = ".entry";

    private final BlobStore blobs;
    private final long maxBytes;
    // access-ordered: iteration starts at the least recently used entry; guarded by this
    private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    private record Stored(CacheEntry entry, long objectBytes) {}

    public ResultStore(BlobStore blobs, long maxBytes)
    {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.maxBytes = maxBytes;
        load();
    }

    public synchronized Optional<CacheEntry> entry(String key)
    {
        return Optional.ofNullable(entries.get(key)).map(Stored::entry);
    }

    /**
     * The response fragment of an entry; empty when it was removed meanwhile, or when the object holds another
     * result than the entry describes: two stores of one key race (the object of one, the index entry of the
     * other), or a system crash cut the file short. The rows served are always those the entry was validated for.
     */
    public Optional<byte[]> payload(CacheEntry entry)
    {
        Optional<byte[]> object;
        try {
            object = blobs.get(name(entry.key()));
        }
        catch (IOException e) {
            log.warn(e, "Cannot read cached result %s", entry.key());
            return Optional.empty();
        }
        if (object.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = object.get();
        int newline = Bytes.indexOf(bytes, (byte) '\n');
        if (newline < 0 || bytes.length - newline - 1 != entry.payloadBytes() || !describes(entry, Arrays.copyOf(bytes, newline))) {
            log.warn("Cached result %s does not match its index entry; dropping it", entry.key());
            removeIfCurrent(entry);
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(bytes, newline + 1, bytes.length));
    }

    /** Stores an entry; returns false when it alone exceeds the store's bound. */
    public boolean put(CacheEntry entry, byte[] payload)
    {
        checkArgument(entry.payloadBytes() == payload.length, "payloadBytes of entry %s is %s, but its rows are %s bytes", entry.key(), entry.payloadBytes(), payload.length);
        byte[] metadata;
        try {
            metadata = JSON.writeValueAsBytes(entry);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long objectBytes = metadata.length + 1L + payload.length;
        if (objectBytes > maxBytes) {
            return false;
        }
        byte[] object = new byte[Math.toIntExact(objectBytes)];
        System.arraycopy(metadata, 0, object, 0, metadata.length);
        object[metadata.length] = '\n';
        System.arraycopy(payload, 0, object, metadata.length + 1, payload.length);
        try {
            // outside the lock: an upload to S3 must not hold up lookups
            blobs.put(name(entry.key()), object);
        }
        catch (IOException e) {
            log.warn(e, "Cannot store cached result %s", entry.key());
            return false;
        }
        List<String> evicted;
        synchronized (this) {
            Stored previous = entries.put(entry.key(), new Stored(entry, objectBytes));
            bytes += objectBytes - (previous == null ? 0 : previous.objectBytes());
            evicted = evict();
        }
        delete(evicted);
        return true;
    }

    /** Removes the key's entry if it is still this one (not one stored since). */
    public boolean removeIfCurrent(CacheEntry entry)
    {
        synchronized (this) {
            Stored stored = entries.get(entry.key());
            if (stored == null || !stored.entry().equals(entry)) {
                return false;
            }
            unindex(entry.key());
        }
        delete(List.of(entry.key()));
        return true;
    }

    /** Removes every entry the predicate accepts; returns how many. */
    public int removeIf(Predicate<CacheEntry> predicate)
    {
        List<String> keys = new ArrayList<>();
        synchronized (this) {
            entries.forEach((key, stored) -> {
                if (predicate.test(stored.entry())) {
                    keys.add(key);
                }
            });
            keys.forEach(this::unindex);
        }
        delete(keys);
        return keys.size();
    }

    public synchronized int size()
    {
        return entries.size();
    }

    public synchronized long bytes()
    {
        return bytes;
    }

    @PreDestroy
    public void close()
    {
        blobs.close();
    }

    /** Drops the least recently used entries past the bound from the index; returns their keys. */
    private List<String> evict()
    {
        List<String> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, Stored>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Stored> victim = eldest.next();
            eldest.remove();
            bytes -= victim.getValue().objectBytes();
            evicted.add(victim.getKey());
        }
        return evicted;
    }

    // guarded by this
    private void unindex(String key)
    {
        Stored removed = entries.remove(key);
        if (removed != null) {
            bytes -= removed.objectBytes();
        }
    }

    /**
     * Deletes the objects of entries already out of the index, outside the lock: lookups must not wait for S3. A
     * store of the same key meanwhile may lose its object; its entry then misses until replaced, as the object
     * must match the entry to be served.
     */
    private void delete(List<String> keys)
    {
        keys.forEach(key -> deleteQuietly(name(key)));
    }

    private void load()
    {
        long now = System.currentTimeMillis();
        List<Blob> stored;
        try {
            stored = blobs.list();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list the result store " + blobs, e);
        }
        for (Blob blob : stored) {
            if (!blob.name().endsWith(SUFFIX)) {
                continue;
            }
            try {
                Optional<String> line = blobs.firstLine(blob.name());
                if (line.isEmpty()) {
                    // deleted meanwhile, or empty (a system crash right after the rename)
                    deleteQuietly(blob.name());
                    continue;
                }
                byte[] metadata = line.get().getBytes(UTF_8);
                CacheEntry entry = JSON.readValue(metadata, CacheEntry.class);
                // an object of another length than its metadata says was cut short (or is not ours)
                if (entry.expiresMillis() <= now || !blob.name().equals(name(entry.key())) || blob.bytes() != metadata.length + 1L + entry.payloadBytes()) {
                    deleteQuietly(blob.name());
                    continue;
                }
                entries.put(entry.key(), new Stored(entry, blob.bytes()));
                bytes += blob.bytes();
            }
            catch (IOException | RuntimeException e) {
                log.warn("Removing unreadable cache entry %s of %s: %s", blob.name(), blobs, e.getMessage());
                deleteQuietly(blob.name());
            }
        }
        delete(evict());
        log.info("Result store %s: %s entries, %s bytes", blobs, entries.size(), bytes);
    }

    private static boolean describes(CacheEntry entry, byte[] metadata)
    {
        try {
            return JSON.readValue(metadata, CacheEntry.class).equals(entry);
        }
        catch (IOException e) {
            return false;
        }
    }

    private static String name(String key)
    {
        return key + SUFFIX;
    }

    private void deleteQuietly(String name)
    {
        try {
            blobs.delete(name);
        }
        catch (IOException e) {
            log.warn(e, "Cannot delete %s of %s", name, blobs);
        }
    }
}
