package dev.floe.resultcache.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the store's entry files live: named objects written whole. {@link ResultStore} keeps the index, the bound
 * and the eviction; an implementation only moves bytes, so both kinds of storage behave alike.
 */
public interface BlobStore
        extends Closeable
{
    /** Writes the object at once: a reader, or a later {@link #list()}, sees all of it or none of it. */
    void put(String name, byte[] content)
            throws IOException;

    /** The whole object; empty when there is none of that name. */
    Optional<byte[]> get(String name)
            throws IOException;

    /** The object's first line (without the line end), read without the rest; empty when there is no object. */
    Optional<String> firstLine(String name)
            throws IOException;

    /** Deletes the object; no error when it is already gone. */
    void delete(String name)
            throws IOException;

    /** Every object of this store, with its size in bytes. */
    List<Blob> list()
            throws IOException;

    @Override
    default void close() {}

    record Blob(String name, long bytes) {}
}
