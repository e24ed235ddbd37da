package dev.floe.ingest.runtime;

import dev.floe.ingest.commit.Offsets;
import dev.floe.ingest.deadletter.DeadLetterTable;
import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.decode.DecodeException;
import dev.floe.ingest.decode.RecordDecoder;
import dev.floe.ingest.mapping.MappingException;
import dev.floe.ingest.mapping.RecordMapper;
import dev.floe.ingest.pipeline.OnError;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.write.BatchWriter;
import org.apache.iceberg.data.GenericRecord;
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
 * One thread's share of a batch: the records of some partitions (always the same ones, in offset order) turned into
 * rows and dead letters in files of its own. A batch commits the files of all its lanes at once.
 */
final class Lane
{
    final BatchWriter rows;
    final BatchWriter deadLetters;
    final Map<TopicPartition, Long> next = new HashMap<>();
    final Map<ErrorKind, Long> deadLetterCounts = new EnumMap<>(ErrorKind.class);
    final Map<String, Long> unknownFields = new HashMap<>();
    long records;
    long bytes;

    private final String pipeline;
    private final RecordDecoder decoder;
    private final RecordMapper mapper;
    private final PipelineOptions options;
    private final Offsets deadLettersCommitted;
    private final Clock clock;

    private record Failure(ErrorKind kind, String message) {}

    Lane(String pipeline, BatchWriter rows, BatchWriter deadLetters, RecordDecoder decoder, RecordMapper mapper, PipelineOptions options, Offsets deadLettersCommitted, Clock clock)
    {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.options = requireNonNull(options, "options is null");
        this.deadLettersCommitted = requireNonNull(deadLettersCommitted, "deadLettersCommitted is null");
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
            Optional<Failure> failure = add(record);
            if (failure.isPresent()) {
                if (options.onError() == OnError.PAUSE) {
                    Failure fail = failure.get();
                    return Optional.of("%s at %s-%s offset %s: %s".formatted(fail.kind(), record.topic(), record.partition(), record.offset(), fail.message()));
                }
                // a record a failed attempt already put in the dead-letter table is not put there twice
                if (record.offset() >= deadLettersCommitted.get(partition).orElse(0L)) {
                    deadLetters.write(DeadLetterTable.row(deadLetters.schema(), pipeline, record, failure.get().kind(), failure.get().message(), clock.instant()));
                    deadLetterCounts.merge(failure.get().kind(), 1L, Long::sum);
                }
            }
            next.put(partition, record.offset() + 1);
            this.records++;
            bytes += Math.max(record.serializedValueSize(), 0);
        }
        return Optional.empty();
    }

    void abort()
    {
        rows.abort();
        deadLetters.abort();
    }

    private Optional<Failure> add(ConsumerRecord<byte[], byte[]> record)
    {
        byte[] value = record.value();
        int size = (value == null ? 0 : value.length) + (record.key() == null ? 0 : record.key().length);
        if (size > options.maxRecordBytes()) {
            return Optional.of(new Failure(ErrorKind.TOO_LARGE, "record of %s bytes exceeds max_record_bytes %s".formatted(size, options.maxRecordBytes())));
        }
        if (value == null) {
            return Optional.of(new Failure(ErrorKind.DECODE, "record has no value (a tombstone)"));
        }
        Map<String, Object> decoded;
        try {
            decoded = decoder.decode(value);
        }
        catch (DecodeException e) {
            return Optional.of(new Failure(ErrorKind.DECODE, e.getMessage()));
        }
        catch (RuntimeException e) {
            return Optional.of(new Failure(ErrorKind.DECODE, PipelineRunner.describe(e)));
        }
        GenericRecord row;
        try {
            row = mapper.map(decoded, field -> unknownFields.merge(field, 1L, Long::sum));
        }
        catch (MappingException e) {
            return Optional.of(new Failure(e.kind() == MappingException.Kind.QUALITY ? ErrorKind.QUALITY : ErrorKind.COERCION, e.getMessage()));
        }
        rows.write(row);
        return Optional.empty();
    }
}
