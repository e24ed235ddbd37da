package dev.floe.ingest.live;

import com.google.common.collect.ImmutableList;
import dev.floe.ingest.live.LiveColumnHandle.Role;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.runtime.KafkaClients;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

import static dev.floe.ingest.live.LiveErrorCode.LIVE_KAFKA_ERROR;
import static dev.floe.ingest.live.LiveErrorCode.LIVE_PIPELINE_ERROR;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static java.util.Objects.requireNonNull;

/**
 * Splits a topic or pipeline table into one split per partition and offset range, on the coordinator. A partition
 * is read from its start (the earliest retained record; for a pipeline, the first offset not in the target table)
 * to its end when the query starts (with read_committed, the last stable offset), narrowed by the filters the table
 * handle holds: partitions outside the {@code _partition} filter are not read, each range of the {@code _offset}
 * filter becomes a split, and the lower bound of a {@code _timestamp} filter moves the start to the first record at
 * or after it ({@code offsetsForTimes}).
 */
public final class LiveSplitManager
{
    // beyond this many ranges of an _offset filter, one split reads their span
    private static final int MAX_RANGES = 1_000;

    private final KafkaClients kafka;
    private final Duration kafkaTimeout;

    public LiveSplitManager(KafkaClients kafka, Duration kafkaTimeout)
    {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.kafkaTimeout = requireNonNull(kafkaTimeout, "kafkaTimeout is null");
    }

    public ConnectorSplitSource getSplits(LiveTableHandle table)
    {
        return new FixedSplitSource(splits(table));
    }

    public List<LiveSplit> splits(LiveTableHandle table)
    {
        TupleDomain<ColumnHandle> constraint = table.constraint();
        if (constraint.isNone()) {
            return List.of();
        }
        Optional<Domain> partitionFilter = domain(constraint, Role.PARTITION);
        Optional<Domain> offsetFilter = domain(constraint, Role.OFFSET);
        Optional<Domain> timestampFilter = domain(constraint, Role.TIMESTAMP);
        PipelineOptions options = table.consumerOptions();
        String servers = kafka.bootstrapServers(options);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(options, "floe-ingest-live-splits")) {
            List<TopicPartition> partitions = partitions(consumer, table).stream()
                    .filter(partition -> partitionFilter.map(domain -> domain.includesNullableValue((long) partition.partition())).orElse(true))
                    .toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, kafkaTimeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafkaTimeout);
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long from = table.pipeline()
                        .map(pipeline -> pipeline.startOffsets().getOrDefault(partition.topic(), Map.of()).get(partition.partition()))
                        .orElse(beginnings.get(partition));
                // records the retention removed are gone for the pipeline too
                starts.put(partition, Math.max(from, beginnings.get(partition)));
            }
            Optional<Long> earliestTime = timestampFilter.flatMap(LiveSplitManager::lowerBoundMillis);
            if (earliestTime.isPresent()) {
                Map<TopicPartition, Long> request = new HashMap<>();
                partitions.forEach(partition -> request.put(partition, earliestTime.get()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(request, kafkaTimeout);
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp first = found.get(partition);
                    // no record at or after the time: nothing to read
                    starts.put(partition, first == null ? ends.get(partition) : Math.max(starts.get(partition), first.offset()));
                }
            }
            ImmutableList.Builder<LiveSplit> splits = ImmutableList.builder();
            for (TopicPartition partition : partitions) {
                for (OffsetRange range : ranges(offsetFilter, starts.get(partition), ends.get(partition))) {
                    splits.add(new LiveSplit(partition.topic(), partition.partition(), range.start(), range.end()));
                }
            }
            return splits.build();
        }
        catch (TimeoutException e) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Kafka at %s did not answer within %s s: is it reachable?".formatted(servers, kafkaTimeout.toSeconds()), e);
        }
        catch (KafkaException e) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Kafka at %s: %s".formatted(servers, e.getMessage()), e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, LiveTableHandle table)
    {
        List<TopicPartition> partitions;
        try {
            partitions = KafkaClients.partitions(consumer, table.topic(), table.topicPattern(), Optional.of(kafkaTimeout));
        }
        catch (PatternSyntaxException e) {
            throw new TrinoException(LIVE_PIPELINE_ERROR, "Pipeline %s: invalid topic pattern: %s".formatted(table.tableName(), e.getDescription()), e);
        }
        if (partitions.isEmpty() && !table.topicPattern()) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Topic %s does not exist".formatted(table.topic()));
        }
        return partitions;
    }

    private static Optional<Domain> domain(TupleDomain<ColumnHandle> constraint, Role role)
    {
        return constraint.getDomains().orElseThrow().entrySet().stream()
                .filter(entry -> ((LiveColumnHandle) entry.getKey()).role() == role)
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Optional<Long> lowerBoundMillis(Domain domain)
    {
        if (domain.isNone() || domain.getValues().isNone()) {
            return Optional.empty();
        }
        Range span = domain.getValues().getRanges().getSpan();
        if (span.isLowUnbounded()) {
            return Optional.empty();
        }
        long millis = unpackMillisUtc((long) span.getLowBoundedValue());
        return Optional.of(span.isLowInclusive() ? millis : millis + 1);
    }

    /** Offsets from {@code start} (inclusive) to {@code end} (exclusive). */
    record OffsetRange(long start, long end) {}

    /**
     * The offset ranges to read of a partition whose records from {@code start} to
     * {@code end} (exclusive) are wanted: one per range of the filter that overlaps them.
     */
    static List<OffsetRange> ranges(Optional<Domain> filter, long start, long end)
    {
        if (start >= end) {
            return List.of();
        }
        if (filter.isEmpty() || filter.get().isAll()) {
            return List.of(new OffsetRange(start, end));
        }
        if (filter.get().getValues().isNone()) {
            return List.of();
        }
        List<Range> ranges = filter.get().getValues().getRanges().getOrderedRanges();
        if (ranges.size() > MAX_RANGES) {
            ranges = List.of(filter.get().getValues().getRanges().getSpan());
        }
        List<OffsetRange> result = new ArrayList<>();
        for (Range range : ranges) {
            long from = range.isLowUnbounded() ? start : (long) range.getLowBoundedValue() + (range.isLowInclusive() ? 0 : 1);
            long to = range.isHighUnbounded() ? end : saturatedIncrement((long) range.getHighBoundedValue(), range.isHighInclusive());
            from = Math.max(from, start);
            to = Math.min(to, end);
            if (from < to) {
                result.add(new OffsetRange(from, to));
            }
        }
        return result;
    }

    private static long saturatedIncrement(long value, boolean inclusive)
    {
        return inclusive && value < Long.MAX_VALUE ? value + 1 : value;
    }
}
