package dev.floe.ingest.runtime;

import com.google.common.collect.ImmutableList;
import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.write.BatchWriter;
import org.apache.iceberg.DataFile;
import org.apache.kafka.common.TopicPartition;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The records read since the last commit, in its lanes: the rows and dead letters written, and the offsets they cover. */
final class Batch
{
    final List<Lane> lanes;
    final long startNanos;

    Batch(List<Lane> lanes, long startNanos)
    {
        this.lanes = ImmutableList.copyOf(requireNonNull(lanes, "lanes is null"));
        this.startNanos = startNanos;
    }

    long bytes()
    {
        return lanes.stream().mapToLong(lane -> lane.bytes).sum();
    }

    long rows()
    {
        return lanes.stream().mapToLong(lane -> lane.rows.rows()).sum();
    }

    /** Whether a commit would move any offset. */
    boolean hasProgress()
    {
        return lanes.stream().anyMatch(lane -> !lane.next.isEmpty());
    }

    /** The offset after the last record of each partition: a partition moves between lanes from poll to poll. */
    Map<TopicPartition, Long> next()
    {
        Map<TopicPartition, Long> next = new HashMap<>();
        lanes.forEach(lane -> lane.next.forEach((partition, offset) -> next.merge(partition, offset, Math::max)));
        return next;
    }

    boolean hasDeadLetters()
    {
        return lanes.stream().anyMatch(lane -> !lane.deadLetters.isEmpty());
    }

    Map<ErrorKind, Long> deadLetterCounts()
    {
        Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
        lanes.forEach(lane -> lane.deadLetterCounts.forEach((kind, count) -> counts.merge(kind, count, Long::sum)));
        return counts;
    }

    Map<String, Long> unknownFields()
    {
        Map<String, Long> fields = new HashMap<>();
        lanes.forEach(lane -> lane.unknownFields.forEach((field, count) -> fields.merge(field, count, Long::sum)));
        return fields;
    }

    /** Closes the files of every lane; from then on the caller owns them. */
    List<DataFile> closeRows()
    {
        return close(lane -> lane.rows);
    }

    List<DataFile> closeDeadLetters()
    {
        return close(lane -> lane.deadLetters);
    }

    void abort()
    {
        lanes.forEach(Lane::abort);
    }

    private List<DataFile> close(Function<Lane, BatchWriter> writer)
    {
        ImmutableList.Builder<DataFile> files = ImmutableList.builder();
        try {
            lanes.forEach(lane -> files.addAll(writer.apply(lane).close()));
        }
        catch (RuntimeException e) {
            // the files of the lanes closed before the failure are owned here, not by the caller
            BatchWriter.delete(writer.apply(lanes.getFirst()).table(), files.build());
            throw e;
        }
        return files.build();
    }
}
