package dev.floe.ingest.live;

import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Decimals;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimeType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.UuidType;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.StructLike;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.airlift.slice.Slices.utf8Slice;
import static io.airlift.slice.Slices.wrappedBuffer;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static java.lang.Float.floatToRawIntBits;

/**
 * Writes the values of Iceberg's generic records (what {@code ValueCoercer} produces for a column type) to blocks
 * of the column's Trino type (see {@link IcebergTypes}).
 */
final class IcebergValues
{
    private static final long PICOSECONDS_PER_NANOSECOND = 1_000;
    private static final int NANOSECONDS_PER_MICROSECOND = 1_000;

    private IcebergValues() {}

    static void write(Type type, Object value, BlockBuilder out)
    {
        if (value == null) {
            out.appendNull();
            return;
        }
        switch (type) {
            case BooleanType _ -> BooleanType.BOOLEAN.writeBoolean(out, (Boolean) value);
            case IntegerType _ -> IntegerType.INTEGER.writeLong(out, (Integer) value);
            case BigintType _ -> BigintType.BIGINT.writeLong(out, (Long) value);
            case RealType _ -> RealType.REAL.writeLong(out, floatToRawIntBits((Float) value));
            case DoubleType _ -> DoubleType.DOUBLE.writeDouble(out, (Double) value);
            case DecimalType decimal -> writeDecimal(decimal, (BigDecimal) value, out);
            case VarcharType varchar -> varchar.writeSlice(out, utf8Slice((String) value));
            case DateType _ -> DateType.DATE.writeLong(out, ((LocalDate) value).toEpochDay());
            case TimeType time -> time.writeLong(out, ((LocalTime) value).toNanoOfDay() * PICOSECONDS_PER_NANOSECOND);
            case TimestampType timestamp -> writeTimestamp(timestamp, (LocalDateTime) value, out);
            case TimestampWithTimeZoneType timestamp -> writeTimestamp(timestamp, ((OffsetDateTime) value).toInstant(), out);
            case UuidType _ -> UuidType.UUID.writeSlice(out, UuidType.javaUuidToTrinoUuid((UUID) value));
            case VarbinaryType _ -> VarbinaryType.VARBINARY.writeSlice(out, wrappedBuffer(bytes((ByteBuffer) value)));
            case RowType row -> ((RowBlockBuilder) out).buildEntry(fields -> {
                StructLike struct = (StructLike) value;
                for (int i = 0; i < fields.size(); i++) {
                    write(row.getFields().get(i).getType(), struct.get(i, Object.class), fields.get(i));
                }
            });
            case ArrayType array -> ((ArrayBlockBuilder) out).buildEntry(elements -> {
                for (Object element : (List<?>) value) {
                    write(array.getElementType(), element, elements);
                }
            });
            case MapType map -> ((MapBlockBuilder) out).buildEntry((keys, values) -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    write(map.getKeyType(), entry.getKey(), keys);
                    write(map.getValueType(), entry.getValue(), values);
                }
            });
            default -> throw new IllegalArgumentException("Unsupported type " + type);
        }
    }

    private static void writeDecimal(DecimalType type, BigDecimal value, BlockBuilder out)
    {
        if (type.isShort()) {
            type.writeLong(out, Decimals.encodeShortScaledValue(value, type.getScale()));
        }
        else {
            type.writeObject(out, Decimals.encodeScaledValue(value, type.getScale()));
        }
    }

    private static void writeTimestamp(TimestampType type, LocalDateTime value, BlockBuilder out)
    {
        long epochSecond = value.toEpochSecond(ZoneOffset.UTC);
        long epochMicros = epochSecond * 1_000_000 + value.getNano() / NANOSECONDS_PER_MICROSECOND;
        if (type.isShort()) {
            type.writeLong(out, epochMicros);
        }
        else {
            type.writeObject(out, new LongTimestamp(epochMicros, (int) (value.getNano() % NANOSECONDS_PER_MICROSECOND * PICOSECONDS_PER_NANOSECOND)));
        }
    }

    private static void writeTimestamp(TimestampWithTimeZoneType type, Instant value, BlockBuilder out)
    {
        long epochMillis = value.toEpochMilli();
        if (type.isShort()) {
            type.writeLong(out, packDateTimeWithZone(epochMillis, UTC_KEY));
            return;
        }
        int picosOfMilli = (int) (value.getNano() % 1_000_000 * PICOSECONDS_PER_NANOSECOND);
        type.writeObject(out, LongTimestampWithTimeZone.fromEpochMillisAndFraction(epochMillis, picosOfMilli, UTC_KEY));
    }

    private static byte[] bytes(ByteBuffer buffer)
    {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
