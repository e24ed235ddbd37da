package dev.floe.ingest.live;

import io.trino.spi.type.ArrayType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;
import org.apache.iceberg.types.Types;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.TimeType.TIME_MICROS;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampType.TIMESTAMP_NANOS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_NANOS;
import static io.trino.spi.type.UuidType.UUID;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/** The Trino type of an Iceberg column, as Trino's Iceberg connector shows the target table. */
final class IcebergTypes
{
    private final TypeManager typeManager;

    IcebergTypes(TypeManager typeManager)
    {
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    /**
     * @throws IllegalArgumentException for a type Trino cannot show (e.g. variant, geometry)
     */
    Type toTrino(org.apache.iceberg.types.Type type)
    {
        return switch (type.typeId()) {
            case BOOLEAN -> BOOLEAN;
            case INTEGER -> INTEGER;
            case LONG -> BIGINT;
            case FLOAT -> REAL;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> createDecimalType(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case STRING -> VARCHAR;
            case DATE -> DATE;
            case TIME -> TIME_MICROS;
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? TIMESTAMP_TZ_MICROS : TIMESTAMP_MICROS;
            case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? TIMESTAMP_TZ_NANOS : TIMESTAMP_NANOS;
            case UUID -> UUID;
            case BINARY, FIXED -> VARBINARY;
            case STRUCT -> RowType.from(type.asStructType().fields().stream()
                    .map(field -> RowType.field(field.name(), toTrino(field.type())))
                    .toList());
            case LIST -> new ArrayType(toTrino(type.asListType().elementType()));
            case MAP -> typeManager.getType(TypeSignature.mapType(
                    toTrino(type.asMapType().keyType()).getTypeSignature(),
                    toTrino(type.asMapType().valueType()).getTypeSignature()));
            default -> throw new IllegalArgumentException("Iceberg type %s has no Trino type".formatted(type));
        };
    }
}
