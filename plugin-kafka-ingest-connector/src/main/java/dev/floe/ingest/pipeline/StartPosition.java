package dev.floe.ingest.pipeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a new pipeline starts reading: the earliest retained record, the end of each partition at creation, or the
 * first record at or after a time. Resolved to offsets once, when the pipeline is created, so that a restart before
 * the first commit starts from the same place.
 */
public record StartPosition(Kind kind, Optional<Instant> timestamp)
{
    public enum Kind
    {
        EARLIEST, LATEST, TIMESTAMP
    }

    public static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, Optional.empty());
    public static final StartPosition LATEST = new StartPosition(Kind.LATEST, Optional.empty());

    public StartPosition
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(timestamp, "timestamp is null");
    }

    /** {@code earliest}, {@code latest}, an ISO-8601 instant or epoch milliseconds. */
    public static StartPosition parse(String text)
    {
        String value = text.trim();
        if (value.equalsIgnoreCase("earliest")) {
            return EARLIEST;
        }
        if (value.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        try {
            return new StartPosition(Kind.TIMESTAMP, Optional.of(value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value)));
        }
        catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("option start: '%s' is not earliest, latest, an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds".formatted(text));
        }
    }
}
