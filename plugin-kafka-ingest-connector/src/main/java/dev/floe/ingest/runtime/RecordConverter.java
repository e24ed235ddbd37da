package dev.floe.ingest.runtime;

import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.decode.DecodeException;
import dev.floe.ingest.decode.RecordDecoder;
import dev.floe.ingest.decode.SchemaRegistryUnavailableException;
import dev.floe.ingest.mapping.MappingException;
import dev.floe.ingest.mapping.RecordMapper;
import org.apache.iceberg.data.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A Kafka record to a row of the target table, or the reason it cannot be one: the size limit, the decoder, the
 * mapping with its coercion and rules. The runner and the live pipeline tables both use it, so that a live query
 * shows exactly the rows the runner will commit. Immutable and safe to share between threads.
 */
public final class RecordConverter
{
    public sealed interface Outcome
            permits Row, Failure {}

    public record Row(GenericRecord row)
            implements Outcome
    {
        public Row
        {
            requireNonNull(row, "row is null");
        }
    }

    public record Failure(ErrorKind kind, String message)
            implements Outcome
    {
        public Failure
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(message, "message is null");
        }
    }

    private final RecordDecoder decoder;
    private final RecordMapper mapper;
    private final int maxRecordBytes;

    public RecordConverter(RecordDecoder decoder, RecordMapper mapper, int maxRecordBytes)
    {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxRecordBytes = maxRecordBytes;
    }

    public RecordMapper mapper()
    {
        return mapper;
    }

    /**
     * @param unknownField told of each top-level field of the record that no column reads
     */
    public Outcome convert(ConsumerRecord<byte[], byte[]> record, Consumer<String> unknownField)
    {
        byte[] value = record.value();
        int size = (value == null ? 0 : value.length) + (record.key() == null ? 0 : record.key().length);
        if (size > maxRecordBytes) {
            return new Failure(ErrorKind.TOO_LARGE, "record of %s bytes exceeds max_record_bytes %s".formatted(size, maxRecordBytes));
        }
        if (value == null) {
            return new Failure(ErrorKind.DECODE, "record has no value (a tombstone)");
        }
        Map<String, Object> decoded;
        try {
            decoded = decoder.decode(value);
        }
        catch (DecodeException e) {
            return new Failure(ErrorKind.DECODE, e.getMessage());
        }
        catch (SchemaRegistryUnavailableException e) {
            // not the record's fault: the batch is read again once the registry answers
            throw e;
        }
        catch (RuntimeException e) {
            return new Failure(ErrorKind.DECODE, PipelineRunner.describe(e));
        }
        try {
            return new Row(mapper.map(decoded, unknownField));
        }
        catch (MappingException e) {
            return new Failure(e.kind() == MappingException.Kind.QUALITY ? ErrorKind.QUALITY : ErrorKind.COERCION, e.getMessage());
        }
    }
}
