package dev.floe.ingest.decode;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * The writer schemas of a {@link SchemaSource}, each compiled once into what a decoder reads with (an Avro reader, a
 * Protobuf file descriptor). Schemas known in advance are compiled at construction, so that a bad one fails the
 * pipeline's creation rather than its first record; the others when their id first appears.
 */
final class CompiledSchemas<T>
{
    interface Compiler<T>
    {
        T compile(WriterSchema schema)
                throws DecodeException;
    }

    private final String format;
    private final SchemaSource source;
    private final Compiler<T> compiler;
    private final Optional<T> single;
    private final ConcurrentMap<Integer, T> byId = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException when a schema known in advance does not compile
     */
    CompiledSchemas(String format, SchemaSource source, Compiler<T> compiler)
    {
        this.format = requireNonNull(format, "format is null");
        this.source = requireNonNull(source, "source is null");
        this.compiler = requireNonNull(compiler, "compiler is null");
        this.single = source.single().map(schema -> {
            try {
                return compiler.compile(schema);
            }
            catch (DecodeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
        source.known().forEach((id, schema) -> {
            try {
                byId.put(id, compiler.compile(schema));
            }
            catch (DecodeException e) {
                throw new IllegalArgumentException("schema id %s: %s".formatted(id, e.getMessage()), e);
            }
        });
    }

    /** The one schema of every value, when the source has a single one. */
    Optional<T> single()
    {
        return single;
    }

    /** The single schema, or that of the id, fetched and compiled on first use. */
    T forId(int id)
            throws DecodeException
    {
        if (single.isPresent()) {
            return single.get();
        }
        T compiled = byId.get(id);
        if (compiled == null) {
            WriterSchema schema;
            try {
                schema = source.schema(id);
            }
            catch (DecodeException e) {
                throw new DecodeException(format + ": " + e.getMessage(), e);
            }
            try {
                compiled = compiler.compile(schema);
            }
            catch (DecodeException e) {
                throw new DecodeException("%s: schema id %s: %s".formatted(format, id, e.getMessage()), e);
            }
            byId.putIfAbsent(id, compiled);
        }
        return compiled;
    }
}
