package dev.floe.ingest.runtime;

import dev.floe.ingest.deadletter.DeadLetterTable;
import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.deadletter.LandedDeadLetters;
import dev.floe.ingest.pipeline.OnError;
import dev.floe.ingest.runtime.RecordConverter.Failure;
import dev.floe.ingest.runtime.RecordConverter.Row;
import dev.floe.ingest.write.BatchWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One thread's share of a batch: the records of some partitions of each poll, in offset order, turned into rows and
 * dead letters in files of its own. A batch commits the files of all its lanes at once.
 */
final class Lane
{
    final BatchWriter rows;
    final BatchWriter deadLetters;
    final Map<TopicPartition, Long> next = new HashMap<>();
    final Map<ErrorKind, Long> deadLetterCounts = new EnumMap<>(ErrorKind.class);
    final Map<String, Long> unknownFields = new HashMap<>();
    long bytes;

    private final String pipeline;
    private final RecordConverter converter;
    private final OnError onError;
    private final LandedDeadLetters landed;
    private final Clock clock;

    Lane(String pipeline, BatchWriter rows, BatchWriter deadLetters, RecordConverter converter, OnError onError, LandedDeadLetters landed, Clock clock)
    {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
        this.converter = requireNonNull(converter, "converter is null");
        this.onError = requireNonNull(onError, "onError is null");
        this.landed = requireNonNull(landed, "landed is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @return the reason to pause the pipeline, when a record failed and on_error is pause: that record and the
     * later ones of its partition are left out of the batch
     */
    Optional<String> process(List<ConsumerRecord<byte[], byte[]>> records)
    {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            // a record a failed attempt already put in the dead-letter table goes nowhere else
            if (!landed.contains(partition, record.offset())) {
                switch (converter.convert(record, field -> unknownFields.merge(field, 1L, Long::sum))) {
                    case Row row -> rows.write(row.row());
                    case Failure failure -> {
                        if (onError == OnError.PAUSE) {
                            return Optional.of("%s at %s-%s offset %s: %s".formatted(failure.kind(), record.topic(), record.partition(), record.offset(), failure.message()));
                        }
                        deadLetters.write(DeadLetterTable.row(deadLetters.schema(), pipeline, record, failure.kind(), failure.message(), clock.instant()));
                        deadLetterCounts.merge(failure.kind(), 1L, Long::sum);
                    }
                }
            }
            next.put(partition, record.offset() + 1);
            bytes += Math.max(record.serializedValueSize(), 0);
        }
        return Optional.empty();
    }

    void abort()
    {
        rows.abort();
        deadLetters.abort();
    }
}
