package dev.floe.ingest.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed protobuf message into the tree of {@link RecordDecoder}. A field without presence (a proto3 scalar)
 * has its default value when unset; a field with presence (a message, a oneof member, an {@code optional} field) is
 * {@code null} when unset. Unsigned integers widen so that they stay positive: {@code uint32} and {@code fixed32}
 * become {@code Long}, {@code uint64} and {@code fixed64} {@code BigInteger}.
 */
final class ProtobufValues
{
    private static final String TIMESTAMP = "google.protobuf.Timestamp";
    private static final Set<String> WRAPPERS = Set.of(
            "google.protobuf.DoubleValue",
            "google.protobuf.FloatValue",
            "google.protobuf.Int64Value",
            "google.protobuf.UInt64Value",
            "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value",
            "google.protobuf.BoolValue",
            "google.protobuf.StringValue",
            "google.protobuf.BytesValue");
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private ProtobufValues() {}

    static Map<String, Object> message(Message message)
            throws DecodeException
    {
        return message(message, "");
    }

    private static Map<String, Object> message(Message message, String path)
            throws DecodeException
    {
        List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(fields.size());
        for (FieldDescriptor field : fields) {
            String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
            values.put(field.getName(), field(message, field, fieldPath));
        }
        return values;
    }

    private static Object field(Message message, FieldDescriptor field, String path)
            throws DecodeException
    {
        if (field.isMapField()) {
            Descriptor entryType = field.getMessageType();
            FieldDescriptor keyField = entryType.findFieldByNumber(1);
            FieldDescriptor valueField = entryType.findFieldByNumber(2);
            int count = message.getRepeatedFieldCount(field);
            Map<String, Object> values = LinkedHashMap.newLinkedHashMap(count);
            for (int i = 0; i < count; i++) {
                Message entry = (Message) message.getRepeatedField(field, i);
                values.put(String.valueOf(value(keyField, entry.getField(keyField), path)), value(valueField, entry.getField(valueField), path + "[]"));
            }
            return values;
        }
        if (field.isRepeated()) {
            int count = message.getRepeatedFieldCount(field);
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(value(field, message.getRepeatedField(field, i), path + "[]"));
            }
            return values;
        }
        if (field.hasPresence() && !message.hasField(field)) {
            return null;
        }
        return value(field, message.getField(field), path);
    }

    private static Object value(FieldDescriptor field, Object value, String path)
            throws DecodeException
    {
        return switch (field.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) value);
            case UINT64, FIXED64 -> {
                long bits = (Long) value;
                BigInteger number = BigInteger.valueOf(bits);
                yield bits < 0 ? number.add(TWO_TO_THE_64) : number;
            }
            case ENUM -> ((EnumValueDescriptor) value).getName();
            case BYTES -> ((ByteString) value).toByteArray();
            case MESSAGE, GROUP -> messageValue((Message) value, path);
            // int32, sint32, sfixed32 as Integer; int64, sint64, sfixed64 as Long; float, double, bool, string
            default -> value;
        };
    }

    private static Object messageValue(Message message, String path)
            throws DecodeException
    {
        Descriptor type = message.getDescriptorForType();
        if (type.getFullName().equals(TIMESTAMP)) {
            long seconds = (Long) message.getField(type.findFieldByNumber(1));
            int nanos = (Integer) message.getField(type.findFieldByNumber(2));
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            }
            catch (DateTimeException e) {
                throw new DecodeException("Protobuf: field %s: timestamp %s s %s ns is out of range".formatted(path, seconds, nanos), e);
            }
        }
        if (WRAPPERS.contains(type.getFullName())) {
            FieldDescriptor valueField = type.findFieldByNumber(1);
            return value(valueField, message.getField(valueField), path);
        }
        return message(message, path);
    }
}
