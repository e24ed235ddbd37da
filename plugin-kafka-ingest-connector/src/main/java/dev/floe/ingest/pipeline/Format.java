package dev.floe.ingest.pipeline;

import java.util.Arrays;
import java.util.Locale;

import static java.util.stream.Collectors.joining;

/** The encoding of the records' values. */
public enum Format
{
    JSON, AVRO, PROTOBUF;

    public static Format parse(String text)
    {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FORMAT: unknown format '%s' (one of %s)".formatted(text, Arrays.stream(values()).map(Format::label).collect(joining(", "))));
        }
    }

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
