package dev.floe.ingest.live;

import dev.floe.ingest.decode.RecordDecoders;
import dev.floe.ingest.mapping.RecordMapper;
import dev.floe.ingest.mapping.ValueCoercer;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.runtime.RecordConverter;
import dev.floe.ingest.runtime.RecordConverter.Row;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a pipeline's records into rows of its target table with the runner's {@link RecordConverter}. A record the
 * runner would send to the dead-letter table gives no row.
 */
final class PipelineRecords
{
    private final RecordConverter converter;
    private final Map<Integer, Integer> positions = new HashMap<>();

    /**
     * @throws IllegalArgumentException when the pipeline's options no longer fit its table or format
     */
    PipelineRecords(LivePipeline pipeline)
    {
        PipelineOptions options = pipeline.options();
        Schema schema = SchemaParser.fromJson(pipeline.schemaJson());
        this.converter = new RecordConverter(
                RecordDecoders.create(pipeline.format(), options.schema()),
                new RecordMapper(schema, options.columns(), options.rules(), new ValueCoercer(options.timestampUnit())),
                options.maxRecordBytes());
        List<Types.NestedField> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).fieldId(), i);
        }
    }

    Optional<GenericRecord> row(ConsumerRecord<byte[], byte[]> record)
    {
        try {
            return converter.convert(record, _ -> {}) instanceof Row row ? Optional.of(row.row()) : Optional.empty();
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The position in a row of the column with this Iceberg field id. */
    int position(int fieldId)
    {
        Integer position = positions.get(fieldId);
        if (position == null) {
            throw new IllegalArgumentException("No column with field id " + fieldId);
        }
        return position;
    }
}
