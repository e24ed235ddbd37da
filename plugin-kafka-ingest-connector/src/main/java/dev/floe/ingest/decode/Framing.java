package dev.floe.ingest.decode;

import java.util.Arrays;
import java.util.Locale;

import static java.util.stream.Collectors.joining;

/** How Avro and Protobuf values name their writer schema. */
public enum Framing
{
    /** Confluent's wire format: magic byte 0x00, a 4-byte big-endian schema id, then (Protobuf) the message index path. */
    CONFLUENT,
    /** Only the encoded value: one writer schema, known in advance, for all values. */
    NONE;

    public static Framing parse(String text)
    {
        for (Framing framing : values()) {
            if (framing.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return framing;
            }
        }
        throw new IllegalArgumentException("unknown framing '%s' (one of %s)".formatted(text, Arrays.stream(values()).map(Framing::label).collect(joining(", "))));
    }

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
