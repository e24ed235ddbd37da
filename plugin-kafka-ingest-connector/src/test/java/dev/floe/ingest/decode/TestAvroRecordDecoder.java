package dev.floe.ingest.decode;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.floe.ingest.decode.WriterSchema.Type.AVRO;
import static dev.floe.ingest.decode.WriterSchema.Type.PROTOBUF;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class TestAvroRecordDecoder
{
    private static final String ORDER_SCHEMA = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "id", "type": "long"},
              {"name": "count", "type": "int"},
              {"name": "name", "type": "string"},
              {"name": "ok", "type": "boolean"},
              {"name": "ratio", "type": "float"},
              {"name": "score", "type": "double"},
              {"name": "raw", "type": "bytes"},
              {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "time_ms", "type": {"type": "int", "logicalType": "time-millis"}},
              {"name": "time_us", "type": {"type": "long", "logicalType": "time-micros"}},
              {"name": "ts_ms", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "ts_us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "ts_ns", "type": {"type": "long", "logicalType": "timestamp-nanos"}},
              {"name": "local_ms", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
              {"name": "local_us", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
              {"name": "local_ns", "type": {"type": "long", "logicalType": "local-timestamp-nanos"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "fixed_amount", "type": {"type": "fixed", "name": "Amount", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}},
              {"name": "uuid", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "fixed_uuid", "type": {"type": "fixed", "name": "Uuid", "size": 16, "logicalType": "uuid"}},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "missing", "type": ["null", "long"], "default": null},
              {"name": "paid_at", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}], "default": null},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "sku", "type": "string"},
                {"name": "qty", "type": "int"}]}}},
              {"name": "attrs", "type": {"type": "map", "values": "string"}},
              {"name": "customer", "type": ["null", {"type": "record", "name": "Customer", "fields": [{"name": "email", "type": "string"}]}]}
            ]}
            """;

    private static final String USER_V1 = """
            {"type": "record", "name": "User", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": "string"}]}
            """;

    private static final String USER_V2 = """
            {"type": "record", "name": "User", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": "string"},
              {"name": "email", "type": ["null", "string"], "default": null}]}
            """;

    private static final UUID ID = UUID.fromString("5f0e9b4e-8f8a-4a51-9c1c-2b7f0b6f3c11");
    private static final Instant INSTANT = Instant.parse("2024-05-01T10:15:30.123456789Z");

    // the writer converts java.time, BigDecimal and UUID itself: an encoding independent of the decoder's
    private final GenericData model = writerModel();

    @Test
    void testEveryType()
            throws DecodeException
    {
        Schema schema = new Schema.Parser().parse(ORDER_SCHEMA);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", 9_000_000_000L);
        order.put("count", 3);
        order.put("name", "Zoë");
        order.put("ok", true);
        order.put("ratio", 0.5f);
        order.put("score", 2.25);
        order.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        order.put("hash", new GenericData.Fixed(schema.getField("hash").schema(), new byte[] {9, 8, 7, 6}));
        order.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), "PAID"));
        order.put("day", LocalDate.of(2024, 5, 1));
        order.put("time_ms", LocalTime.of(10, 15, 30, 123_000_000));
        order.put("time_us", LocalTime.of(10, 15, 30, 123_456_000));
        order.put("ts_ms", Instant.parse("2024-05-01T10:15:30.123Z"));
        order.put("ts_us", Instant.parse("1969-12-31T23:59:59.999999Z"));
        order.put("ts_ns", INSTANT);
        order.put("local_ms", LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_000_000));
        order.put("local_us", LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1_000));
        order.put("local_ns", LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_789));
        order.put("amount", new BigDecimal("-1234.50"));
        order.put("fixed_amount", new BigDecimal("99999999999999.9999"));
        order.put("uuid", ID);
        order.put("fixed_uuid", ID);
        order.put("note", "fragile");
        order.put("missing", null);
        order.put("paid_at", INSTANT.minusNanos(789));
        GenericRecord item = new GenericData.Record(schema.getField("items").schema().getElementType());
        item.put("sku", "A-1");
        item.put("qty", 2);
        order.put("items", List.of(item));
        order.put("attrs", Map.of("gift", "yes"));
        order.put("customer", null);

        Map<String, Object> tree = decoder(SchemaSource.inline(new WriterSchema(AVRO, ORDER_SCHEMA, "test")), Framing.CONFLUENT)
                .decode(confluent(7, schema, order));

        assertThat(tree).containsExactly(
                entry("id", 9_000_000_000L),
                entry("count", 3),
                entry("name", "Zoë"),
                entry("ok", true),
                entry("ratio", 0.5f),
                entry("score", 2.25),
                entry("raw", new byte[] {1, 2, 3}),
                entry("hash", new byte[] {9, 8, 7, 6}),
                entry("status", "PAID"),
                entry("day", LocalDate.of(2024, 5, 1)),
                entry("time_ms", LocalTime.of(10, 15, 30, 123_000_000)),
                entry("time_us", LocalTime.of(10, 15, 30, 123_456_000)),
                entry("ts_ms", Instant.parse("2024-05-01T10:15:30.123Z")),
                entry("ts_us", Instant.parse("1969-12-31T23:59:59.999999Z")),
                entry("ts_ns", INSTANT),
                entry("local_ms", LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_000_000)),
                entry("local_us", LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1_000)),
                entry("local_ns", LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_789)),
                entry("amount", new BigDecimal("-1234.50")),
                entry("fixed_amount", new BigDecimal("99999999999999.9999")),
                entry("uuid", ID),
                entry("fixed_uuid", ID),
                entry("note", "fragile"),
                entry("missing", null),
                entry("paid_at", INSTANT.minusNanos(789)),
                entry("items", List.of(Map.of("sku", "A-1", "qty", 2))),
                entry("attrs", Map.of("gift", "yes")),
                entry("customer", null));
        assertThat(((BigDecimal) tree.get("amount")).scale()).isEqualTo(2);
    }

    @Test
    void testNestedUnionRecord()
            throws DecodeException
    {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Envelope", "fields": [
                  {"name": "payload", "type": ["null", "string",
                    {"type": "record", "name": "Point", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}]}]}
                """);
        GenericRecord point = new GenericData.Record(schema.getField("payload").schema().getTypes().get(2));
        point.put("x", 1);
        point.put("y", -2);
        GenericRecord envelope = new GenericData.Record(schema);
        envelope.put("payload", point);

        assertThat(decoder(SchemaSource.inline(new WriterSchema(AVRO, schema.toString(), "test")), Framing.CONFLUENT).decode(confluent(1, schema, envelope)))
                .containsExactly(entry("payload", Map.of("x", 1, "y", -2)));
    }

    @Test
    void testSchemaEvolutionById()
            throws DecodeException
    {
        Schema v1 = new Schema.Parser().parse(USER_V1);
        Schema v2 = new Schema.Parser().parse(USER_V2);
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", 1L);
        old.put("name", "ada");
        GenericRecord current = new GenericData.Record(v2);
        current.put("id", 2L);
        current.put("name", "grace");
        current.put("email", "grace@example.com");

        RecordDecoder decoder = decoder(
                SchemaSource.inline(Map.of(1, new WriterSchema(AVRO, USER_V1, "v1"), 2, new WriterSchema(AVRO, USER_V2, "v2"))),
                Framing.CONFLUENT);

        // each value with its own writer schema: the field the old schema lacks is absent
        assertThat(decoder.decode(confluent(1, v1, old))).containsExactly(entry("id", 1L), entry("name", "ada"));
        assertThat(decoder.decode(confluent(2, v2, current))).containsExactly(entry("id", 2L), entry("name", "grace"), entry("email", "grace@example.com"));
        assertThatThrownBy(() -> decoder.decode(confluent(42, v1, old)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: unknown schema id 42 (schemas known: 1, 2)");
    }

    @Test
    void testWithoutFraming()
            throws DecodeException
    {
        Schema v1 = new Schema.Parser().parse(USER_V1);
        GenericRecord user = new GenericData.Record(v1);
        user.put("id", 5L);
        user.put("name", "linus");

        RecordDecoder decoder = decoder(SchemaSource.inline(new WriterSchema(AVRO, USER_V1, "test")), Framing.NONE);

        assertThat(decoder.decode(avro(v1, user))).containsExactly(entry("id", 5L), entry("name", "linus"));
    }

    @Test
    void testHeaderErrors()
    {
        RecordDecoder decoder = decoder(SchemaSource.inline(new WriterSchema(AVRO, USER_V1, "test")), Framing.CONFLUENT);

        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0, 1}))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: value is 3 bytes, shorter than the 5-byte Confluent header");
        assertThatThrownBy(() -> decoder.decode("{\"id\": 1}".getBytes(UTF_8)))
                .hasMessage("Avro: value starts with byte 0x7b, not the Confluent magic byte 0x00");
        assertThatThrownBy(() -> decoder.decode(null))
                .hasMessage("Avro: the record has no value (null)");
    }

    @Test
    void testDataErrors()
    {
        Schema v1 = new Schema.Parser().parse(USER_V1);
        GenericRecord user = new GenericData.Record(v1);
        user.put("id", 5L);
        user.put("name", "linus");
        byte[] value = confluent(3, v1, user);
        RecordDecoder decoder = decoder(SchemaSource.inline(new WriterSchema(AVRO, USER_V1, "test")), Framing.CONFLUENT);

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(value, value.length - 2)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: the value ends inside the User record (schema id 3): a string of 5 bytes, but 3 bytes are left");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(value, 6)))
                .hasMessage("Avro: the value ends inside the User record (schema id 3)");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(value, value.length + 1)))
                .hasMessage("Avro: bytes are left after the User record (schema id 3): the data does not match the writer schema");
        // a negative string length
        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0, 0, 0, 3, 2, 3}))
                .hasMessageStartingWith("Avro: cannot read a User record (schema id 3): ")
                .hasMessageContaining("Malformed data. Length is negative: -2");
        // lengths far beyond the value: an error before Avro allocates what they claim
        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0, 0, 0, 3, 2, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: the value ends inside the User record (schema id 3): a string of 1073741823 bytes, but 0 bytes are left");
        RecordDecoder arrays = decoder(SchemaSource.inline(new WriterSchema(AVRO, """
                {"type": "record", "name": "Arrays", "fields": [
                  {"name": "values", "type": {"type": "array", "items": "long"}},
                  {"name": "labels", "type": {"type": "map", "values": "string"}}]}
                """, "test")), Framing.CONFLUENT);
        assertThatThrownBy(() -> arrays.decode(new byte[] {0, 0, 0, 0, 1, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0}))
                .hasMessage("Avro: the value ends inside the Arrays record (schema id 1): a block of 1073741823 array items, but 1 bytes are left");
        assertThatThrownBy(() -> arrays.decode(new byte[] {0, 0, 0, 0, 1, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}))
                .hasMessage("Avro: the value ends inside the Arrays record (schema id 1): a block of 1073741823 map items, but 0 bytes are left");
    }

    @Test
    void testManyZeroWidthItems()
            throws DecodeException
    {
        // 1000 nulls take no bytes: a count beyond the bytes left is fine up to a limit
        RecordDecoder decoder = decoder(SchemaSource.inline(new WriterSchema(AVRO, """
                {"type": "record", "name": "Nulls", "fields": [{"name": "values", "type": {"type": "array", "items": "null"}}]}
                """, "test")), Framing.NONE);
        Map<String, Object> tree = decoder.decode(new byte[] {(byte) 0xd0, 0x0f, 0});
        assertThat((List<?>) tree.get("values")).hasSize(1000).containsOnlyNulls();
    }

    @Test
    void testInvalidLogicalValue()
    {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "key", "type": {"type": "string", "logicalType": "uuid"}}]}
                """);
        GenericRecord record = new GenericData.Record(schema);
        record.put("key", "not-a-uuid");

        assertThatThrownBy(() -> decoder(SchemaSource.inline(new WriterSchema(AVRO, schema.toString(), "test")), Framing.CONFLUENT).decode(confluent(1, schema, record)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: field key: 'not-a-uuid' is not a UUID");
    }

    @Test
    void testInvalidSchemas()
    {
        assertThatThrownBy(() -> decoder(SchemaSource.inline(new WriterSchema(AVRO, "{\"type\": \"record\"", "test")), Framing.CONFLUENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid Avro schema: ");
        assertThatThrownBy(() -> decoder(SchemaSource.inline(new WriterSchema(AVRO, "\"string\"", "test")), Framing.CONFLUENT))
                .hasMessage("the schema is of type string, not a record");
        assertThatThrownBy(() -> decoder(SchemaSource.inline(Map.of(4, new WriterSchema(PROTOBUF, "syntax = \"proto3\";", "test"))), Framing.CONFLUENT))
                .hasMessage("schema id 4: the schema type is PROTOBUF, not AVRO");
        assertThatThrownBy(() -> decoder(SchemaSource.inline(Map.of(1, new WriterSchema(AVRO, USER_V1, "test"))), Framing.NONE))
                .hasMessage("Avro values without framing need one writer schema, not one per schema id");
    }

    private static RecordDecoder decoder(SchemaSource source, Framing framing)
    {
        return new AvroRecordDecoder(source, framing);
    }

    private byte[] confluent(int schemaId, Schema schema, GenericRecord record)
    {
        byte[] datum = avro(schema, record);
        return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(schemaId).put(datum).array();
    }

    private byte[] avro(Schema schema, GenericRecord record)
    {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema, model).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericData writerModel()
    {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampNanosConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return model;
    }
}
