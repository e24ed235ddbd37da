package dev.floe.masking.functions;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.function.Description;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.function.TypeParameter;
import io.trino.spi.type.Int128;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.StandardTypes;

import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;

/**
 * Full-value masks: BigQuery's "default masking value" per type, and a typed NULL.
 * {@code mask_default} replaces NULL as well, so a masked column never reveals which values were missing.
 */
public final class DefaultValueFunctions
{
    private static final String DEFAULT_DESCRIPTION = "The type's default value (empty string, 0, false, 1970-01-01, the epoch), also for NULL, as BigQuery's default masking rule";

    private DefaultValueFunctions() {}

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @LiteralParameters("x")
    @SqlType("varchar(x)")
    public static Slice defaultVarchar(@SqlNullable @SqlType("varchar(x)") Slice value)
    {
        return Slices.EMPTY_SLICE;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @LiteralParameters("x")
    @SqlType("char(x)")
    public static Slice defaultChar(@SqlNullable @SqlType("char(x)") Slice value)
    {
        return Slices.EMPTY_SLICE;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.VARBINARY)
    public static Slice defaultVarbinary(@SqlNullable @SqlType(StandardTypes.VARBINARY) Slice value)
    {
        return Slices.EMPTY_SLICE;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.BIGINT)
    public static long defaultBigint(@SqlNullable @SqlType(StandardTypes.BIGINT) Long value)
    {
        return 0;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.INTEGER)
    public static long defaultInteger(@SqlNullable @SqlType(StandardTypes.INTEGER) Long value)
    {
        return 0;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.SMALLINT)
    public static long defaultSmallint(@SqlNullable @SqlType(StandardTypes.SMALLINT) Long value)
    {
        return 0;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.TINYINT)
    public static long defaultTinyint(@SqlNullable @SqlType(StandardTypes.TINYINT) Long value)
    {
        return 0;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.DOUBLE)
    public static double defaultDouble(@SqlNullable @SqlType(StandardTypes.DOUBLE) Double value)
    {
        return 0;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.REAL)
    public static long defaultReal(@SqlNullable @SqlType(StandardTypes.REAL) Long value)
    {
        return Float.floatToIntBits(0.0f);
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.BOOLEAN)
    public static boolean defaultBoolean(@SqlNullable @SqlType(StandardTypes.BOOLEAN) Boolean value)
    {
        return false;
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    @SqlType(StandardTypes.DATE)
    public static long defaultDate(@SqlNullable @SqlType(StandardTypes.DATE) Long value)
    {
        return 0;
    }

    /** Short and long decimals share one signature; the engine picks the method by the value's Java type. */
    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    public static final class DefaultDecimal
    {
        private DefaultDecimal() {}

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static long shortDecimal(@SqlNullable @SqlType("decimal(p, s)") Long value)
        {
            return 0;
        }

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static Int128 longDecimal(@SqlNullable @SqlType("decimal(p, s)") Int128 value)
        {
            return Int128.ZERO;
        }
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    public static final class DefaultTimestamp
    {
        private DefaultTimestamp() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static long shortTimestamp(@SqlNullable @SqlType("timestamp(p)") Long value)
        {
            return 0;
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static LongTimestamp longTimestamp(@SqlNullable @SqlType("timestamp(p)") LongTimestamp value)
        {
            return new LongTimestamp(0, 0);
        }
    }

    @ScalarFunction("mask_default")
    @Description(DEFAULT_DESCRIPTION)
    public static final class DefaultTimestampWithTimeZone
    {
        private DefaultTimestampWithTimeZone() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static long shortTimestamp(@SqlNullable @SqlType("timestamp(p) with time zone") Long value)
        {
            return packDateTimeWithZone(0, UTC_KEY);
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static LongTimestampWithTimeZone longTimestamp(@SqlNullable @SqlType("timestamp(p) with time zone") LongTimestampWithTimeZone value)
        {
            return LongTimestampWithTimeZone.fromEpochMillisAndFraction(0, 0, UTC_KEY);
        }
    }

    /** A NULL of the argument's type, so the mask type-checks against any column. */
    @ScalarFunction("mask_null")
    @Description("NULL of the argument's type")
    public static final class MaskNull
    {
        private MaskNull() {}

        @TypeParameter("T")
        @SqlNullable
        @SqlType("T")
        public static Long nullLong(@SqlNullable @SqlType("T") Long value)
        {
            return null;
        }

        @TypeParameter("T")
        @SqlNullable
        @SqlType("T")
        public static Double nullDouble(@SqlNullable @SqlType("T") Double value)
        {
            return null;
        }

        @TypeParameter("T")
        @SqlNullable
        @SqlType("T")
        public static Boolean nullBoolean(@SqlNullable @SqlType("T") Boolean value)
        {
            return null;
        }

        @TypeParameter("T")
        @SqlNullable
        @SqlType("T")
        public static Object nullObject(@SqlNullable @SqlType("T") Object value)
        {
            return null;
        }
    }
}
