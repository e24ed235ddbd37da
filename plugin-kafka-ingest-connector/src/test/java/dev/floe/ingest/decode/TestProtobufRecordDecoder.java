package dev.floe.ingest.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.floe.ingest.decode.WriterSchema.Type.AVRO;
import static dev.floe.ingest.decode.WriterSchema.Type.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class TestProtobufRecordDecoder
{
    private static final String ORDER_PROTO = """
            syntax = "proto3";
            package shop.v1;

            import "google/protobuf/timestamp.proto";
            import "google/protobuf/wrappers.proto";

            message Order {
              int64 id = 1;
              string name = 2;
              Status status = 3;
              repeated Item items = 4;
              map<string, int32> counts = 5;
              google.protobuf.Timestamp created = 6;
              oneof payment {
                string card = 7;
                Transfer transfer = 8;
              }
              optional string note = 9;
              google.protobuf.StringValue coupon = 10;
              uint32 u32 = 11;
              uint64 u64 = 12;
              sint32 s32 = 13;
              fixed64 f64 = 14;
              double price = 15;
              float ratio = 16;
              bool ok = 17;
              bytes raw = 18;
              Customer customer = 19;
              map<int32, Item> by_id = 20;
              repeated int32 codes = 21;

              message Item {
                string sku = 1;
                int32 qty = 2;
              }

              message Transfer {
                string iban = 1;
              }
            }

            message Customer {
              string email = 1;
            }

            enum Status {
              STATUS_UNSPECIFIED = 0;
              NEW = 1;
              PAID = 2;
            }
            """;

    private static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123456789Z");

    private final FileDescriptor file = ProtoFileCompiler.compile("order.proto", ORDER_PROTO);
    private final RecordDecoder decoder = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.CONFLUENT, Optional.empty());

    @Test
    void testEveryType()
            throws DecodeException
    {
        Descriptor orderType = file.findMessageTypeByName("Order");
        Descriptor itemType = orderType.findNestedTypeByName("Item");
        FieldDescriptor counts = orderType.findFieldByName("counts");
        FieldDescriptor byId = orderType.findFieldByName("by_id");
        Message item = message(itemType, Map.of("sku", "A-1", "qty", 2));
        DynamicMessage order = DynamicMessage.newBuilder(orderType)
                .setField(orderType.findFieldByName("id"), 9_000_000_000L)
                .setField(orderType.findFieldByName("name"), "Zoë")
                .setField(orderType.findFieldByName("status"), file.findEnumTypeByName("Status").findValueByName("PAID"))
                .addRepeatedField(orderType.findFieldByName("items"), item)
                .addRepeatedField(counts, message(counts.getMessageType(), Map.of("key", "a", "value", 1)))
                .addRepeatedField(counts, message(counts.getMessageType(), Map.of("key", "b", "value", 2)))
                .setField(orderType.findFieldByName("created"), Timestamp.newBuilder().setSeconds(CREATED.getEpochSecond()).setNanos(CREATED.getNano()).build())
                .setField(orderType.findFieldByName("card"), "4111")
                .setField(orderType.findFieldByName("coupon"), StringValue.of("SAVE10"))
                .setField(orderType.findFieldByName("u32"), -1)
                .setField(orderType.findFieldByName("u64"), -1L)
                .setField(orderType.findFieldByName("s32"), -5)
                .setField(orderType.findFieldByName("f64"), 7L)
                .setField(orderType.findFieldByName("price"), 19.9)
                .setField(orderType.findFieldByName("ratio"), 0.5f)
                .setField(orderType.findFieldByName("ok"), true)
                .setField(orderType.findFieldByName("raw"), ByteString.copyFrom(new byte[] {1, 2}))
                .addRepeatedField(byId, message(byId.getMessageType(), Map.of("key", 7, "value", item)))
                .addRepeatedField(orderType.findFieldByName("codes"), 3)
                .addRepeatedField(orderType.findFieldByName("codes"), 4)
                .build();

        assertThat(decoder.decode(confluent(1, new byte[] {0}, order.toByteArray()))).containsExactly(
                entry("id", 9_000_000_000L),
                entry("name", "Zoë"),
                entry("status", "PAID"),
                entry("items", List.of(Map.of("sku", "A-1", "qty", 2))),
                entry("counts", Map.of("a", 1, "b", 2)),
                entry("created", CREATED),
                entry("card", "4111"),
                entry("transfer", null),
                entry("note", null),
                entry("coupon", "SAVE10"),
                entry("u32", 4_294_967_295L),
                entry("u64", new BigInteger("18446744073709551615")),
                entry("s32", -5),
                entry("f64", BigInteger.valueOf(7)),
                entry("price", 19.9),
                entry("ratio", 0.5f),
                entry("ok", true),
                entry("raw", new byte[] {1, 2}),
                entry("customer", null),
                entry("by_id", Map.of("7", Map.of("sku", "A-1", "qty", 2))),
                entry("codes", List.of(3, 4)));
    }

    @Test
    void testDefaults()
            throws DecodeException
    {
        // an empty message: proto3 scalars have their defaults, fields with presence are null
        Map<String, Object> tree = decoder.decode(confluent(1, new byte[] {0}, new byte[0]));
        assertThat(tree).containsEntry("id", 0L)
                .containsEntry("name", "")
                .containsEntry("status", "STATUS_UNSPECIFIED")
                .containsEntry("items", List.of())
                .containsEntry("counts", Map.of())
                .containsEntry("created", null)
                .containsEntry("card", null)
                .containsEntry("note", null)
                .containsEntry("coupon", null)
                .containsEntry("u64", BigInteger.ZERO);
        // proto3 optional: present when set, even to the default
        Descriptor orderType = file.findMessageTypeByName("Order");
        byte[] withNote = DynamicMessage.newBuilder(orderType).setField(orderType.findFieldByName("note"), "").build().toByteArray();
        assertThat(decoder.decode(confluent(1, new byte[] {0}, withNote))).containsEntry("note", "");
    }

    @Test
    void testMessageIndexPath()
            throws DecodeException, IOException
    {
        // written field by field, not through a descriptor: the index path picks the message type
        ByteArrayOutputStream customer = new ByteArrayOutputStream();
        CodedOutputStream output = CodedOutputStream.newInstance(customer);
        output.writeString(1, "ada@example.com");
        output.flush();
        // [1], zig-zag: count 1, index 1
        assertThat(decoder.decode(confluent(1, new byte[] {2, 2}, customer.toByteArray()))).containsExactly(entry("email", "ada@example.com"));

        ByteArrayOutputStream item = new ByteArrayOutputStream();
        output = CodedOutputStream.newInstance(item);
        output.writeString(1, "B-2");
        output.writeInt32(2, 5);
        output.flush();
        // [0, 2]: Order's nested types are CountsEntry, ByIdEntry, Item, Transfer, map entries where their fields are, as protoc orders them
        assertThat(decoder.decode(confluent(1, new byte[] {4, 0, 4}, item.toByteArray()))).containsExactly(entry("sku", "B-2"), entry("qty", 5));
    }

    @Test
    void testWithoutFraming()
            throws DecodeException
    {
        byte[] customer = message(file.findMessageTypeByName("Customer"), Map.of("email", "x@y")).toByteArray();

        RecordDecoder byName = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.NONE, Optional.of("shop.v1.Customer"));
        assertThat(byName.decode(customer)).containsExactly(entry("email", "x@y"));
        RecordDecoder byShortName = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.NONE, Optional.of("Customer"));
        assertThat(byShortName.decode(customer)).containsExactly(entry("email", "x@y"));
        RecordDecoder nested = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.NONE, Optional.of("Order.Transfer"));
        assertThat(nested.decode(message(file.findMessageTypeByName("Order").findNestedTypeByName("Transfer"), Map.of("iban", "DE89")).toByteArray()))
                .containsExactly(entry("iban", "DE89"));
        // the first message type by default
        RecordDecoder first = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.NONE, Optional.empty());
        assertThat(first.decode(new byte[] {8, 42})).containsEntry("id", 42L);

        assertThatThrownBy(() -> new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.NONE, Optional.of("Missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no message type Missing in the schema (message types: shop.v1.Order, shop.v1.Order.Item, shop.v1.Order.Transfer, shop.v1.Customer)");
        assertThatThrownBy(() -> new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, ORDER_PROTO, "order.proto")), Framing.CONFLUENT, Optional.of("Customer")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a message type applies to values without framing only");
    }

    @Test
    void testProto2()
            throws DecodeException
    {
        String proto = """
                package legacy;
                message Event {
                  required int32 id = 1;
                  optional string label = 2 [default = "none"];
                  optional Kind kind = 3;
                  repeated int64 values = 4 [packed = true];
                  enum Kind {
                    option allow_alias = true;
                    CLICK = 1;
                    TAP = 1;
                    VIEW = 2;
                  }
                }
                """;
        FileDescriptor legacy = ProtoFileCompiler.compile("legacy.proto", proto);
        Descriptor eventType = legacy.findMessageTypeByName("Event");
        assertThat(legacy.toProto().getSyntax()).isEqualTo("proto2");
        byte[] event = DynamicMessage.newBuilder(eventType)
                .setField(eventType.findFieldByName("id"), 3)
                .setField(eventType.findFieldByName("kind"), eventType.findEnumTypeByName("Kind").findValueByNumber(2))
                .addRepeatedField(eventType.findFieldByName("values"), 10L)
                .build()
                .toByteArray();
        RecordDecoder decoder = new ProtobufRecordDecoder(SchemaSource.inline(new WriterSchema(PROTOBUF, proto, "legacy.proto")), Framing.NONE, Optional.empty());

        assertThat(decoder.decode(event)).containsExactly(entry("id", 3), entry("label", null), entry("kind", "VIEW"), entry("values", List.of(10L)));
        // a required field missing
        assertThatThrownBy(() -> decoder.decode(new byte[0]))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("Protobuf: not a valid legacy.Event message: ")
                .hasMessageContaining("id");
    }

    @Test
    void testErrors()
    {
        assertThatThrownBy(() -> decoder.decode(confluent(1, new byte[] {2, 6}, new byte[0])))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Protobuf: message index path [3] but the schema has 2 message types");
        assertThatThrownBy(() -> decoder.decode(confluent(1, new byte[] {4, 0, 18}, new byte[0])))
                .hasMessage("Protobuf: message index path [0, 9] but message shop.v1.Order has 4 nested message types");
        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0, 0, 0, 1}))
                .hasMessage("Protobuf: value ends inside the message index path at offset 5");
        assertThatThrownBy(() -> decoder.decode(confluent(1, new byte[] {100}, new byte[0])))
                .hasMessage("Protobuf: message index path has 50 entries, but 0 bytes follow");
        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 0, 0, 0, 1, 0}))
                .hasMessage("Protobuf: value starts with byte 0x01, not the Confluent magic byte 0x00");
        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0}))
                .hasMessage("Protobuf: value is 2 bytes, shorter than the 5-byte Confluent header");
        // field 1 (int64) as a varint cut short
        assertThatThrownBy(() -> decoder.decode(confluent(1, new byte[] {0}, new byte[] {8, (byte) 0x80})))
                .hasMessageStartingWith("Protobuf: not a valid shop.v1.Order message (schema id 1): ");
    }

    @Test
    void testInvalidSchemas()
    {
        assertThatThrownBy(() -> ProtoFileCompiler.compile("bad.proto", "syntax = \"proto3\";\nmessage X { int32 a = ; }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Syntax error in bad.proto:2:");
        assertThatThrownBy(() -> ProtoFileCompiler.compile("bad.proto", "syntax = \"proto3\";\nmessage X { Missing a = 1; }"))
                .hasMessageStartingWith("bad.proto: X.a: \"Missing\" is not defined");
        assertThatThrownBy(() -> ProtoFileCompiler.compile("bad.proto", "syntax = \"proto3\";\nimport \"other.proto\";\nmessage X { other.Y a = 1; }"))
                .hasMessage("bad.proto imports \"other.proto\", which is not supported: only the well-known types of google/protobuf/ can be imported");
        assertThatThrownBy(() -> new ProtobufRecordDecoder(SchemaSource.inline(Map.of(2, new WriterSchema(AVRO, "{}", "x"))), Framing.CONFLUENT, Optional.empty()))
                .hasMessage("schema id 2: the schema type is AVRO, not PROTOBUF");
    }

    private static Message message(Descriptor type, Map<String, Object> fields)
    {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        fields.forEach((name, value) -> builder.setField(type.findFieldByName(name), value));
        return builder.build();
    }

    private static byte[] confluent(int schemaId, byte[] messageIndexPath, byte[] message)
    {
        return ByteBuffer.allocate(5 + messageIndexPath.length + message.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(messageIndexPath)
                .put(message)
                .array();
    }
}
