package dev.floe.ingest;

import com.google.protobuf.CodedOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.floe.ingest.IngestTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** Avro and Protobuf records in the Confluent wire format, with their schemas given by file, through pipelines. */
@TestInstance(PER_CLASS)
final class TestIngestFormats
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String AVRO_SCHEMA = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": "string"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "SHIPPED"]}},
              {"name": "note", "type": ["null", "string"], "default": null}
            ]}""";
    private static final String PROTO_SCHEMA = """
            syntax = "proto3";
            package shop;
            import "google/protobuf/timestamp.proto";
            message Order {
              int64 id = 1;
              string customer = 2;
              double amount = 3;
              google.protobuf.Timestamp placed_at = 4;
              repeated string tags = 5;
            }
            """;

    private IngestTestCluster cluster;
    private Path schemas;

    @BeforeAll
    void setUp()
            throws Exception
    {
        cluster = new IngestTestCluster(0);
        cluster.query("CREATE SCHEMA lakehouse.raw");
        schemas = Files.createTempDirectory("floe-ingest-schemas");
    }

    @AfterAll
    void tearDown()
            throws IOException
    {
        if (cluster != null) {
            cluster.close();
        }
        if (schemas != null) {
            try (var files = Files.list(schemas)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(schemas);
        }
    }

    @Test
    void avroRecordsInTheConfluentWireFormat()
            throws Exception
    {
        Path schemaFile = Files.writeString(schemas.resolve("order.avsc"), AVRO_SCHEMA);
        Schema schema = new Schema.Parser().parse(AVRO_SCHEMA);
        cluster.broker.createTopic("avro_orders", 2);
        cluster.query("CREATE TABLE lakehouse.raw.avro_orders (id bigint, customer varchar, amount decimal(10, 2), placed_at timestamp(6) with time zone, status varchar, note varchar)");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            GenericRecord order = new GenericData.Record(schema);
            order.put("id", (long) i);
            order.put("customer", "c" + i);
            order.put("amount", ByteBuffer.wrap(BigDecimal.valueOf(i * 100L + 25, 2).unscaledValue().toByteArray()));
            order.put("placed_at", 1_700_000_000_000L + i);
            order.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), i % 2 == 0 ? "OPEN" : "SHIPPED"));
            order.put("note", i % 10 == 0 ? "gift" : null);
            records.add(new ProducerRecord<>("avro_orders", i % 2, null, confluent(7, new byte[0], avro(schema, order))));
        }
        cluster.produceRecords(records);
        cluster.query("CALL ingest.system.create_pipeline('avro_orders', 'avro_orders', 'lakehouse.raw.avro_orders', 'avro', '{\"schema\": {\"file\": \"%s\"}}')".formatted(schemaFile));

        await("Avro rows", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.avro_orders"), 500L);
        assertThat(cluster.row("SELECT customer, amount, CAST(placed_at AS varchar), status, note FROM lakehouse.raw.avro_orders WHERE id = 40"))
                .containsExactly("c40", new BigDecimal("40.25"), "2023-11-14 22:13:20.040000 UTC", "OPEN", "gift");
        assertThat(cluster.row("SELECT count(DISTINCT id), count(note), count(*) FILTER (WHERE status = 'SHIPPED') FROM lakehouse.raw.avro_orders"))
                .containsExactly(500L, 50L, 250L);
    }

    @Test
    void protobufRecordsInTheConfluentWireFormat()
            throws Exception
    {
        Path schemaFile = Files.writeString(schemas.resolve("order.proto"), PROTO_SCHEMA);
        cluster.broker.createTopic("proto_orders", 2);
        cluster.query("CREATE TABLE lakehouse.raw.proto_orders (id bigint, customer varchar, amount double, placed_at timestamp(6) with time zone, tags array(varchar))");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int id = i;
            byte[] timestamp = protobuf(out -> {
                out.writeInt64(1, 1_700_000_000L + id);
                out.writeInt32(2, 500_000_000);
            });
            byte[] order = protobuf(out -> {
                out.writeInt64(1, id);
                out.writeString(2, "c" + id);
                out.writeDouble(3, id + 0.5);
                out.writeByteArray(4, timestamp);
                out.writeString(5, "a");
                out.writeString(5, "b" + id % 2);
            });
            // message index path [0]: the first message type of the file
            records.add(new ProducerRecord<>("proto_orders", i % 2, null, confluent(3, new byte[] {0}, order)));
        }
        cluster.produceRecords(records);
        cluster.query("CALL ingest.system.create_pipeline('proto_orders', 'proto_orders', 'lakehouse.raw.proto_orders', 'protobuf', '{\"schema\": {\"file\": \"%s\"}}')".formatted(schemaFile));

        await("Protobuf rows", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.proto_orders"), 500L);
        assertThat(cluster.row("SELECT customer, amount, CAST(placed_at AS varchar), tags FROM lakehouse.raw.proto_orders WHERE id = 41"))
                .containsExactly("c41", 41.5, "2023-11-14 22:14:01.500000 UTC", List.of("a", "b1"));
        assertThat(cluster.scalar("SELECT count(DISTINCT id) FROM lakehouse.raw.proto_orders")).isEqualTo(500L);
    }

    private static byte[] confluent(int schemaId, byte[] messageIndexes, byte[] payload)
    {
        return ByteBuffer.allocate(5 + messageIndexes.length + payload.length).put((byte) 0).putInt(schemaId).put(messageIndexes).put(payload).array();
    }

    private static byte[] avro(Schema schema, GenericRecord record)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private interface Fields
    {
        void write(CodedOutputStream out)
                throws IOException;
    }

    private static byte[] protobuf(Fields fields)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
