package dev.floe.ingest.runtime;

import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.write.BatchWriter;
import org.apache.kafka.common.TopicPartition;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The records read since the last commit: the rows and dead letters written, and the offsets they cover. */
final class Batch
{
    final BatchWriter rows;
    final BatchWriter deadLetters;
    final long startNanos;
    final Map<TopicPartition, Long> next = new HashMap<>();
    final Map<ErrorKind, Long> deadLetterCounts = new EnumMap<>(ErrorKind.class);
    final Map<String, Long> unknownFields = new HashMap<>();
    long records;
    long bytes;

    Batch(BatchWriter rows, BatchWriter deadLetters, long startNanos)
    {
        this.rows = requireNonNull(rows, "rows is null");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
        this.startNanos = startNanos;
    }

    /** Whether a commit would move any offset. */
    boolean hasProgress()
    {
        return !next.isEmpty();
    }

    void abort()
    {
        rows.abort();
        deadLetters.abort();
    }
}
