package dev.floe.ingest.decode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The schema that a producer wrote values with, as text.
 *
 * @param type the schema language
 * @param text the Avro schema JSON or the {@code .proto} file
 * @param origin where the text comes from, for messages: {@code schema.inline}, a file path or a registry URL
 * @param references the names of other schemas this one refers to (a registry's {@code references}): Avro named types
 * or imported {@code .proto} files
 */
public record WriterSchema(Type type, String text, String origin, List<String> references)
{
    /** The schema languages of a Confluent-compatible registry ({@code schemaType}). */
    public enum Type
    {
        AVRO, PROTOBUF, JSON
    }

    public WriterSchema
    {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        requireNonNull(origin, "origin is null");
        references = List.copyOf(requireNonNull(references, "references is null"));
    }

    public WriterSchema(Type type, String text, String origin)
    {
        this(type, text, origin, List.of());
    }
}
