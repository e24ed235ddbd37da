package dev.floe.ingest.decode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the writer schemas of Avro and Protobuf values come from, by the schema id in Confluent's framing: given in
 * the pipeline's options ({@link #inline}), read from a file on the node ({@link #file}) or looked up in a
 * Confluent-compatible schema registry ({@link #registry}). Implementations are safe to share between threads.
 */
public sealed interface SchemaSource
        permits LocalSchemaSource, RegistrySchemaSource
{
    /**
     * @throws DecodeException when no schema has this id or it cannot be used, naming the id and, for a registry,
     * the URL and its answer
     * @throws SchemaRegistryUnavailableException when the registry cannot answer (unreachable, 5xx, throttled,
     * credentials refused)
     */
    WriterSchema schema(int id)
            throws DecodeException;

    /** The one schema used for every id, which values without framing need; empty when schemas differ by id. */
    Optional<WriterSchema> single();

    /** The schemas known without asking anyone, by id, so that decoders can check them before the first value. */
    Map<Integer, WriterSchema> known();

    /** One schema for every id, and for values without framing. */
    static SchemaSource inline(WriterSchema schema)
    {
        return new LocalSchemaSource(Optional.of(schema), Map.of());
    }

    /** A schema per id: registry-free schema evolution, as producers that stamp their own ids do. */
    static SchemaSource inline(Map<Integer, WriterSchema> schemas)
    {
        return new LocalSchemaSource(Optional.empty(), schemas);
    }

    /**
     * The schema in a file on this node, read now, used for every id.
     *
     * @throws IllegalArgumentException when the file cannot be read, naming the path
     */
    static SchemaSource file(WriterSchema.Type type, Path path)
    {
        return inline(LocalSchemaSource.read(type, path));
    }

    /**
     * A Confluent-compatible schema registry: {@code GET {url}/schemas/ids/{id}}, each id asked once.
     *
     * @param userInfo {@code user:password} for HTTP basic authentication
     */
    static SchemaSource registry(URI url, Optional<String> userInfo)
    {
        return new RegistrySchemaSource(url, userInfo, RegistrySchemaSource.DEFAULT_TIMEOUT);
    }

    /** As {@link #registry(URI, Optional)}, waiting at most {@code timeout} to connect and for each answer. */
    static SchemaSource registry(URI url, Optional<String> userInfo, Duration timeout)
    {
        return new RegistrySchemaSource(url, userInfo, timeout);
    }
}
