package dev.floe.ingest.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.ingest.pipeline.PipelineOptions.TimestampUnit;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.floe.ingest.mapping.MappingException.Kind.COERCION;
import static java.util.Objects.requireNonNull;

/**
 * Converts a decoded value to the Java value Iceberg's generic writers take for a column type, the way an
 * experienced user expects a cast to work: numbers from numbers or numeric strings (no silent truncation),
 * timestamps from ISO-8601 text or epoch numbers, text from anything scalar (objects and arrays as JSON),
 * binary from bytes or base64 text, structs, lists and maps recursively.
 */
public final class ValueCoercer
{
    private static final ObjectMapper JSON = new ObjectMapper();
    // epoch numbers below these magnitudes are seconds, then milliseconds, else microseconds (year 5138 in seconds)
    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final long MILLIS_LIMIT = 100_000_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TimestampUnit timestampUnit;

    public ValueCoercer(TimestampUnit timestampUnit)
    {
        this.timestampUnit = requireNonNull(timestampUnit, "timestampUnit is null");
    }

    /**
     * @param where the column (and nested field) for messages
     * @return null for null
     */
    public Object coerce(Object value, Type type, String where)
            throws MappingException
    {
        if (value == null) {
            return null;
        }
        try {
            return switch (type.typeId()) {
                case BOOLEAN -> toBoolean(value, where);
                // integers arrive as Integer or Long from every decoder: no BigInteger for them
                case INTEGER -> value instanceof Integer number ? number : toBigInteger(value, type, where).intValueExact();
                case LONG -> value instanceof Long || value instanceof Integer ? ((Number) value).longValue() : toBigInteger(value, type, where).longValueExact();
                case FLOAT -> (float) toDouble(value, type, where);
                case DOUBLE -> toDouble(value, type, where);
                case DECIMAL -> toDecimal(value, (Types.DecimalType) type, where);
                case STRING -> toText(value);
                case DATE -> storable(toDate(value, type, where));
                case TIME -> toTime(value, type, where);
                case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                        ? storable(toInstant(value, type, where), MICROS_PER_SECOND).atOffset(ZoneOffset.UTC)
                        : storable(toLocalDateTime(value, type, where), MICROS_PER_SECOND);
                case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC()
                        ? storable(toInstant(value, type, where), NANOS_PER_SECOND).atOffset(ZoneOffset.UTC)
                        : storable(toLocalDateTime(value, type, where), NANOS_PER_SECOND);
                case UUID -> value instanceof UUID uuid ? uuid : UUID.fromString(requireText(value, type, where));
                case BINARY, FIXED -> toBinary(value, type, where);
                case STRUCT -> toStruct(value, type.asStructType(), where);
                case LIST -> toList(value, type.asListType(), where);
                case MAP -> toMap(value, type.asMapType(), where);
                default -> throw new MappingException(COERCION, "column %s: type %s is not supported for ingestion".formatted(where, type));
            };
        }
        catch (ArithmeticException e) {
            throw failure(value, type, where, "out of range");
        }
        catch (DateTimeException | IllegalArgumentException e) {
            throw failure(value, type, where, e.getMessage());
        }
    }

    // Iceberg stores a date as int days and a timestamp as long micros (or nanos) since the epoch: a value beyond
    // them, such as year +1000000 in ISO-8601, passes java.time but would fail the Parquet writer and the batch
    private static LocalDate storable(LocalDate date)
    {
        Math.toIntExact(date.toEpochDay());
        return date;
    }

    private static LocalDateTime storable(LocalDateTime dateTime, long unitsPerSecond)
    {
        storable(dateTime.toInstant(ZoneOffset.UTC), unitsPerSecond);
        return dateTime;
    }

    private static Instant storable(Instant instant, long unitsPerSecond)
    {
        Math.addExact(Math.multiplyExact(instant.getEpochSecond(), unitsPerSecond), instant.getNano() / (NANOS_PER_SECOND / unitsPerSecond));
        return instant;
    }

    private static Boolean toBoolean(Object value, String where)
            throws MappingException
    {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw failure(value, Types.BooleanType.get(), where, null);
    }

    private static BigInteger toBigInteger(Object value, Type type, String where)
            throws MappingException
    {
        BigDecimal decimal = toBigDecimal(value, type, where);
        try {
            return decimal.toBigIntegerExact();
        }
        catch (ArithmeticException e) {
            throw failure(value, type, where, "has a fractional part");
        }
    }

    private static double toDouble(Object value, Type type, String where)
            throws MappingException
    {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            }
            catch (NumberFormatException e) {
                throw failure(value, type, where, null);
            }
        }
        throw failure(value, type, where, null);
    }

    private static BigDecimal toDecimal(Object value, Types.DecimalType type, String where)
            throws MappingException
    {
        BigDecimal decimal = toBigDecimal(value, type, where).setScale(type.scale(), RoundingMode.HALF_UP);
        if (decimal.precision() > type.precision()) {
            throw failure(value, type, where, "more than %s digits".formatted(type.precision()));
        }
        return decimal;
    }

    private static BigDecimal toBigDecimal(Object value, Type type, String where)
            throws MappingException
    {
        return switch (value) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Integer number -> BigDecimal.valueOf(number);
            case Long number -> BigDecimal.valueOf(number);
            case Short number -> BigDecimal.valueOf(number);
            case Byte number -> BigDecimal.valueOf(number);
            case Double number when Double.isFinite(number) -> BigDecimal.valueOf(number);
            case Float number when Float.isFinite(number) -> new BigDecimal(number.toString());
            case String text -> {
                try {
                    yield new BigDecimal(text.trim());
                }
                catch (NumberFormatException e) {
                    throw failure(value, type, where, null);
                }
            }
            default -> throw failure(value, type, where, null);
        };
    }

    private static String toText(Object value)
    {
        return switch (value) {
            case String text -> text;
            case BigDecimal decimal -> decimal.toPlainString();
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Map<?, ?> _, List<?> _ -> toJson(value);
            default -> value.toString();
        };
    }

    private static String toJson(Object value)
    {
        try {
            return JSON.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private LocalDate toDate(Object value, Type type, String where)
            throws MappingException
    {
        return switch (value) {
            case LocalDate date -> date;
            case LocalDateTime dateTime -> dateTime.toLocalDate();
            case Instant instant -> instant.atOffset(ZoneOffset.UTC).toLocalDate();
            case String text when text.trim().length() == 10 -> LocalDate.parse(text.trim());
            default -> toLocalDateTime(value, type, where).toLocalDate();
        };
    }

    private static LocalTime toTime(Object value, Type type, String where)
            throws MappingException
    {
        return switch (value) {
            case LocalTime time -> time;
            case String text -> LocalTime.parse(text.trim());
            default -> throw failure(value, type, where, null);
        };
    }

    private LocalDateTime toLocalDateTime(Object value, Type type, String where)
            throws MappingException
    {
        if (value instanceof LocalDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof String text) {
            TemporalAccessor parsed = IsoDateTimes.parse(text.trim());
            if (!parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return LocalDateTime.from(parsed);
            }
        }
        return LocalDateTime.ofInstant(toInstant(value, type, where), ZoneOffset.UTC);
    }

    private Instant toInstant(Object value, Type type, String where)
            throws MappingException
    {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime dateTime -> dateTime.toInstant();
            case LocalDateTime dateTime -> dateTime.toInstant(ZoneOffset.UTC);
            case LocalDate date -> date.atStartOfDay(ZoneOffset.UTC).toInstant();
            case String text when isEpochNumber(text.trim()) -> fromEpoch(new BigDecimal(text.trim()));
            case String text -> {
                TemporalAccessor parsed = IsoDateTimes.parse(text.trim());
                yield parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? OffsetDateTime.from(parsed).toInstant()
                        : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
            }
            case Number number -> fromEpoch(toBigDecimal(number, type, where));
            default -> throw failure(value, type, where, null);
        };
    }

    /** An optional minus sign and digits; dates such as 2026-01-31 have dashes inside. */
    private static boolean isEpochNumber(String text)
    {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private Instant fromEpoch(BigDecimal epoch)
    {
        TimestampUnit unit = timestampUnit;
        if (unit == TimestampUnit.AUTO) {
            BigDecimal magnitude = epoch.abs();
            unit = magnitude.compareTo(BigDecimal.valueOf(SECONDS_LIMIT)) < 0 ? TimestampUnit.SECONDS
                    : magnitude.compareTo(BigDecimal.valueOf(MILLIS_LIMIT)) < 0 ? TimestampUnit.MILLIS
                    : TimestampUnit.MICROS;
        }
        BigDecimal micros = switch (unit) {
            case SECONDS -> epoch.movePointRight(6);
            case MILLIS -> epoch.movePointRight(3);
            case MICROS, AUTO -> epoch;
        };
        long total = micros.setScale(0, RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000L), Math.floorMod(total, 1_000_000L) * 1_000L);
    }

    private static ByteBuffer toBinary(Object value, Type type, String where)
            throws MappingException
    {
        byte[] bytes = switch (value) {
            case byte[] raw -> raw;
            case ByteBuffer buffer -> {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                yield copy;
            }
            case String text -> Base64.getDecoder().decode(text.trim());
            default -> throw failure(value, type, where, null);
        };
        if (type instanceof Types.FixedType fixed && bytes.length != fixed.length()) {
            throw failure(value, type, where, "%s bytes instead of %s".formatted(bytes.length, fixed.length()));
        }
        return ByteBuffer.wrap(bytes);
    }

    private GenericRecord toStruct(Object value, Types.StructType type, String where)
            throws MappingException
    {
        if (!(value instanceof Map<?, ?> map)) {
            throw failure(value, type, where, "expected an object");
        }
        Map<String, Object> byLowerName = new HashMap<>();
        map.forEach((key, field) -> byLowerName.putIfAbsent(key.toString().toLowerCase(Locale.ROOT), field));
        GenericRecord record = GenericRecord.create(type);
        List<Types.NestedField> fields = type.fields();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField field = fields.get(i);
            Object fieldValue = map.containsKey(field.name()) ? map.get(field.name()) : byLowerName.get(field.name().toLowerCase(Locale.ROOT));
            Object coerced = coerce(fieldValue, field.type(), where + "." + field.name());
            if (coerced == null && field.isRequired()) {
                throw new MappingException(COERCION, "column %s.%s is NOT NULL but the record has no value".formatted(where, field.name()));
            }
            record.set(i, coerced);
        }
        return record;
    }

    private List<Object> toList(Object value, Types.ListType type, String where)
            throws MappingException
    {
        if (!(value instanceof List<?> list)) {
            throw failure(value, type, where, "expected an array");
        }
        List<Object> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object element = coerce(list.get(i), type.elementType(), where + "[" + i + "]");
            if (element == null && type.isElementRequired()) {
                throw new MappingException(COERCION, "column %s[%s]: null in a list of non-null elements".formatted(where, i));
            }
            result.add(element);
        }
        return result;
    }

    private Map<Object, Object> toMap(Object value, Types.MapType type, String where)
            throws MappingException
    {
        if (!(value instanceof Map<?, ?> map)) {
            throw failure(value, type, where, "expected an object");
        }
        Map<Object, Object> result = new HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = coerce(entry.getKey(), type.keyType(), where + " key");
            result.put(key, coerce(entry.getValue(), type.valueType(), where + "['" + entry.getKey() + "']"));
        }
        return result;
    }

    private static String requireText(Object value, Type type, String where)
            throws MappingException
    {
        if (value instanceof String text) {
            return text.trim();
        }
        throw failure(value, type, where, null);
    }

    private static MappingException failure(Object value, Type type, String where, String reason)
    {
        String shown = value instanceof byte[] bytes ? "%s bytes".formatted(bytes.length) : abbreviate(value instanceof String ? "'" + value + "'" : String.valueOf(value));
        return new MappingException(COERCION, "column %s: cannot read %s as %s%s".formatted(where, shown, type, reason == null ? "" : " (" + reason + ")"));
    }

    private static String abbreviate(String text)
    {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
