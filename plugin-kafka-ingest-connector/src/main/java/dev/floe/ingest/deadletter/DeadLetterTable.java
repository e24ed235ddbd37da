package dev.floe.ingest.deadletter;

import com.google.common.collect.ImmutableMap;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

/**
 * The dead-letter table of a pipeline: one row per record that could not become a row of the target table, with
 * everything needed to inspect and replay it (raw key, value and headers, the Kafka coordinates) and why it
 * failed. Partitioned by day of failure.
 */
public final class DeadLetterTable
{
    // names that need no quoting in SQL (partition, offset and timestamp would)
    public static final Schema SCHEMA = new Schema(
            required(1, "pipeline", Types.StringType.get()),
            required(2, "topic", Types.StringType.get()),
            required(3, "kafka_partition", Types.IntegerType.get()),
            required(4, "kafka_offset", Types.LongType.get()),
            optional(5, "kafka_timestamp", Types.TimestampType.withZone()),
            optional(6, "record_key", Types.BinaryType.get()),
            optional(7, "record_value", Types.BinaryType.get()),
            optional(8, "headers", Types.MapType.ofOptional(10, 11, Types.StringType.get(), Types.BinaryType.get())),
            required(9, "error_kind", Types.StringType.get()),
            optional(12, "error_message", Types.StringType.get()),
            required(13, "failed_at", Types.TimestampType.withZone()));

    private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day("failed_at").build();
    private static final Map<String, String> PROPERTIES = ImmutableMap.of(
            TableProperties.FORMAT_VERSION, "2",
            TableProperties.DEFAULT_FILE_FORMAT, "parquet");

    private DeadLetterTable() {}

    /** The table, created on first use. */
    public static Table loadOrCreate(Catalog catalog, TableIdentifier identifier)
    {
        if (catalog.tableExists(identifier)) {
            return catalog.loadTable(identifier);
        }
        try {
            return catalog.buildTable(identifier, SCHEMA)
                    .withPartitionSpec(SPEC)
                    .withProperties(PROPERTIES)
                    .create();
        }
        catch (AlreadyExistsException e) {
            return catalog.loadTable(identifier);
        }
    }

    /**
     * @param schema the table's schema: the catalog assigned its field ids when it created the table
     */
    public static GenericRecord row(Schema schema, String pipeline, ConsumerRecord<byte[], byte[]> record, ErrorKind kind, String message, Instant failedAt)
    {
        GenericRecord row = GenericRecord.create(schema);
        row.setField("pipeline", pipeline);
        row.setField("topic", record.topic());
        row.setField("kafka_partition", record.partition());
        row.setField("kafka_offset", record.offset());
        row.setField("kafka_timestamp", record.timestamp() < 0 ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC));
        row.setField("record_key", record.key() == null ? null : ByteBuffer.wrap(record.key()));
        row.setField("record_value", record.value() == null ? null : ByteBuffer.wrap(record.value()));
        Map<String, ByteBuffer> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value()));
        }
        row.setField("headers", headers);
        row.setField("error_kind", kind.name());
        row.setField("error_message", message);
        row.setField("failed_at", OffsetDateTime.ofInstant(failedAt, ZoneOffset.UTC));
        return row;
    }
}
