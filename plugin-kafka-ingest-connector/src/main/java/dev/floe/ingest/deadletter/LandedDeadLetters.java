package dev.floe.ingest.deadletter;

import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.commit.Offsets;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The records of a pipeline already in its dead-letter table although its target table's offsets are below them:
 * dead letters are committed before rows, so a batch whose row commit failed after its dead-letter commit left
 * them there. Reading such a record again, it goes nowhere; every other record goes where it goes now, as a row or
 * a dead letter, even if the failed attempt had put it elsewhere (a registry that answers again, rules or columns
 * changed in between): each record lands in exactly one of the two tables.
 */
public final class LandedDeadLetters
{
    public static final LandedDeadLetters NONE = new LandedDeadLetters(ImmutableMap.of());

    // sorted offsets by partition: at most one batch's records, and only after a failure between the two commits
    private final Map<TopicPartition, long[]> offsets;

    private LandedDeadLetters(Map<TopicPartition, long[]> offsets)
    {
        this.offsets = ImmutableMap.copyOf(offsets);
    }

    /**
     * Reads the dead letters of {@code pipeline} at offsets between the target's and the dead-letter table's.
     *
     * @param targetOffsets the target table's offsets: what a session reads from
     * @param deadLetterOffsets the dead-letter table's offsets
     */
    public static LandedDeadLetters read(Table deadLetterTable, String pipeline, Offsets targetOffsets, Offsets deadLetterOffsets)
    {
        requireNonNull(deadLetterTable, "deadLetterTable is null");
        requireNonNull(pipeline, "pipeline is null");
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        deadLetterOffsets.next().forEach((partition, end) -> {
            long start = targetOffsets.get(partition).orElse(0L);
            if (start < end) {
                ranges.put(partition, new long[] {start, end});
            }
        });
        if (ranges.isEmpty()) {
            return NONE;
        }
        Expression inRanges = Expressions.alwaysFalse();
        for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
            inRanges = Expressions.or(inRanges, Expressions.and(
                    Expressions.and(Expressions.equal("topic", range.getKey().topic()), Expressions.equal("kafka_partition", range.getKey().partition())),
                    Expressions.and(Expressions.greaterThanOrEqual("kafka_offset", range.getValue()[0]), Expressions.lessThan("kafka_offset", range.getValue()[1]))));
        }
        Map<TopicPartition, List<Long>> found = new HashMap<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(deadLetterTable)
                .where(Expressions.and(Expressions.equal("pipeline", pipeline), inRanges))
                .select("pipeline", "topic", "kafka_partition", "kafka_offset")
                .build()) {
            for (Record row : rows) {
                TopicPartition partition = new TopicPartition((String) row.getField("topic"), (Integer) row.getField("kafka_partition"));
                long offset = (Long) row.getField("kafka_offset");
                long[] range = ranges.get(partition);
                // the filter selects files; rows of a file may lie outside it
                if (pipeline.equals(row.getField("pipeline")) && range != null && offset >= range[0] && offset < range[1]) {
                    found.computeIfAbsent(partition, _ -> new ArrayList<>()).add(offset);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dead letters of pipeline %s from %s".formatted(pipeline, deadLetterTable.name()), e);
        }
        Map<TopicPartition, long[]> sorted = new HashMap<>();
        found.forEach((partition, values) -> sorted.put(partition, values.stream().mapToLong(Long::longValue).sorted().toArray()));
        return new LandedDeadLetters(sorted);
    }

    /** Whether the record at this offset is in the dead-letter table already. */
    public boolean contains(TopicPartition partition, long offset)
    {
        long[] landed = offsets.get(partition);
        return landed != null && Arrays.binarySearch(landed, offset) >= 0;
    }

    public boolean isEmpty()
    {
        return offsets.isEmpty();
    }
}
