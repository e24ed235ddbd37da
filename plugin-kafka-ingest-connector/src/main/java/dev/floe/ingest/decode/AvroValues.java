package dev.floe.ingest.decode;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.lang.Math.floorDiv;
import static java.lang.Math.floorMod;
import static java.lang.Math.multiplyExact;
import static java.time.ZoneOffset.UTC;

/**
 * Turns a datum that Avro's generic model read, without logical type conversions, into the tree of
 * {@link RecordDecoder}: the logical types are applied here, from the writer schema.
 */
final class AvroValues
{
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000;

    private AvroValues() {}

    static Map<String, Object> record(GenericRecord record)
            throws DecodeException
    {
        return record(record, "");
    }

    private static Map<String, Object> record(GenericRecord record, String path)
            throws DecodeException
    {
        List<Schema.Field> fields = record.getSchema().getFields();
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(fields.size());
        for (Schema.Field field : fields) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            values.put(field.name(), value(field.schema(), record.get(field.pos()), fieldPath));
        }
        return values;
    }

    private static Object value(Schema schema, Object datum, String path)
            throws DecodeException
    {
        if (datum == null) {
            return null;
        }
        return switch (schema.getType()) {
            case RECORD -> record((GenericRecord) datum, path);
            // the reader keeps no branch index; the datum's type finds the branch, as the writer did
            case UNION -> value(schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)), datum, path);
            case ARRAY -> {
                Schema elementType = schema.getElementType();
                List<Object> values = new ArrayList<>(((List<?>) datum).size());
                for (Object element : (List<?>) datum) {
                    values.add(value(elementType, element, path + "[]"));
                }
                yield values;
            }
            case MAP -> {
                Schema valueType = schema.getValueType();
                Map<String, Object> values = LinkedHashMap.newLinkedHashMap(((Map<?, ?>) datum).size());
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    values.put(entry.getKey().toString(), value(valueType, entry.getValue(), path + "[]"));
                }
                yield values;
            }
            case ENUM -> datum.toString();
            case FIXED -> bytes(schema, ((GenericFixed) datum).bytes(), path);
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield bytes(schema, bytes, path);
            }
            case STRING -> string(schema, datum.toString(), path);
            case INT -> integer(schema, (Integer) datum, path);
            case LONG -> longValue(schema, (Long) datum, path);
            case FLOAT, DOUBLE, BOOLEAN -> datum;
            case NULL -> null;
        };
    }

    private static Object bytes(Schema schema, byte[] bytes, String path)
            throws DecodeException
    {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType instanceof LogicalTypes.Decimal decimal) {
            if (bytes.length == 0) {
                throw new DecodeException("Avro: field %s: a decimal value has no bytes".formatted(path));
            }
            return new BigDecimal(new BigInteger(bytes), decimal.getScale());
        }
        if (logicalType != null && logicalType.getName().equals("uuid") && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        }
        return bytes;
    }

    private static Object string(Schema schema, String value, String path)
            throws DecodeException
    {
        if (schema.getLogicalType() != null && schema.getLogicalType().getName().equals("uuid")) {
            try {
                return UUID.fromString(value);
            }
            catch (IllegalArgumentException e) {
                throw new DecodeException("Avro: field %s: '%s' is not a UUID".formatted(path, value), e);
            }
        }
        return value;
    }

    private static Object integer(Schema schema, int value, String path)
            throws DecodeException
    {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType == null) {
            return value;
        }
        try {
            return switch (logicalType.getName()) {
                case "date" -> LocalDate.ofEpochDay(value);
                case "time-millis" -> LocalTime.ofNanoOfDay(value * 1_000_000L);
                default -> value;
            };
        }
        catch (DateTimeException e) {
            throw new DecodeException("Avro: field %s: %s value %s is out of range".formatted(path, logicalType.getName(), value), e);
        }
    }

    private static Object longValue(Schema schema, long value, String path)
            throws DecodeException
    {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType == null) {
            return value;
        }
        try {
            return switch (logicalType.getName()) {
                case "time-micros" -> LocalTime.ofNanoOfDay(multiplyExact(value, 1_000L));
                case "timestamp-millis" -> Instant.ofEpochMilli(value);
                case "timestamp-micros" -> Instant.ofEpochSecond(floorDiv(value, MICROS_PER_SECOND), floorMod(value, MICROS_PER_SECOND) * 1_000);
                case "timestamp-nanos" -> Instant.ofEpochSecond(floorDiv(value, NANOS_PER_SECOND), floorMod(value, NANOS_PER_SECOND));
                case "local-timestamp-millis" -> LocalDateTime.ofEpochSecond(floorDiv(value, 1_000L), (int) floorMod(value, 1_000L) * 1_000_000, UTC);
                case "local-timestamp-micros" -> LocalDateTime.ofEpochSecond(floorDiv(value, MICROS_PER_SECOND), (int) floorMod(value, MICROS_PER_SECOND) * 1_000, UTC);
                case "local-timestamp-nanos" -> LocalDateTime.ofEpochSecond(floorDiv(value, NANOS_PER_SECOND), (int) floorMod(value, NANOS_PER_SECOND), UTC);
                default -> value;
            };
        }
        catch (DateTimeException | ArithmeticException e) {
            throw new DecodeException("Avro: field %s: %s value %s is out of range".formatted(path, logicalType.getName(), value), e);
        }
    }
}
