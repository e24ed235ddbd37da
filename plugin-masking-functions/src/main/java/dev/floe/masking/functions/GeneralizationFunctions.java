package dev.floe.masking.functions;

import io.trino.spi.function.Description;
import io.trino.spi.function.LiteralParameter;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.StandardTypes;
import io.trino.spi.type.TimeZoneKey;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.LongStream;

import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static io.trino.spi.type.DateTimeEncoding.unpackZoneKey;

/**
 * Generalization masks: dates cut to their year or month, numbers to the lower bound of a fixed-width bucket.
 * Time-zone-aware values are cut in their own zone, so a masked value still names the same local year.
 */
public final class GeneralizationFunctions
{
    private static final String YEAR_DESCRIPTION = "Keeps only the year: the value becomes January 1 (at midnight) of its year";
    private static final String MONTH_DESCRIPTION = "Keeps only the year and month: the value becomes the first day (at midnight) of its month";
    private static final String GENERALIZE_DESCRIPTION = "Lower bound of the width-wide bucket holding the value (floor(x / width) * width); 0 when width is not positive";
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    // 10^0 .. 10^18: every scale and precision of a short decimal
    private static final List<Long> POWERS_OF_TEN = LongStream.iterate(1, power -> power * 10).limit(19).boxed().toList();

    private GeneralizationFunctions() {}

    @ScalarFunction("mask_date_year")
    @Description(YEAR_DESCRIPTION)
    @SqlType(StandardTypes.DATE)
    public static long yearOfDate(@SqlType(StandardTypes.DATE) long epochDay)
    {
        return Period.YEAR.truncate(epochDay);
    }

    @ScalarFunction("mask_date_month")
    @Description(MONTH_DESCRIPTION)
    @SqlType(StandardTypes.DATE)
    public static long monthOfDate(@SqlType(StandardTypes.DATE) long epochDay)
    {
        return Period.MONTH.truncate(epochDay);
    }

    @ScalarFunction("mask_date_year")
    @Description(YEAR_DESCRIPTION)
    public static final class YearOfTimestamp
    {
        private YearOfTimestamp() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static long shortTimestamp(@SqlType("timestamp(p)") long epochMicros)
        {
            return Period.YEAR.truncateMicros(epochMicros);
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static LongTimestamp longTimestamp(@SqlType("timestamp(p)") LongTimestamp value)
        {
            return new LongTimestamp(Period.YEAR.truncateMicros(value.getEpochMicros()), 0);
        }
    }

    @ScalarFunction("mask_date_month")
    @Description(MONTH_DESCRIPTION)
    public static final class MonthOfTimestamp
    {
        private MonthOfTimestamp() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static long shortTimestamp(@SqlType("timestamp(p)") long epochMicros)
        {
            return Period.MONTH.truncateMicros(epochMicros);
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static LongTimestamp longTimestamp(@SqlType("timestamp(p)") LongTimestamp value)
        {
            return new LongTimestamp(Period.MONTH.truncateMicros(value.getEpochMicros()), 0);
        }
    }

    @ScalarFunction("mask_date_year")
    @Description(YEAR_DESCRIPTION)
    public static final class YearOfTimestampWithTimeZone
    {
        private YearOfTimestampWithTimeZone() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static long shortTimestamp(@SqlType("timestamp(p) with time zone") long packed)
        {
            TimeZoneKey zone = unpackZoneKey(packed);
            return packDateTimeWithZone(Period.YEAR.truncateMillis(unpackMillisUtc(packed), zone.getZoneId()), zone);
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static LongTimestampWithTimeZone longTimestamp(@SqlType("timestamp(p) with time zone") LongTimestampWithTimeZone value)
        {
            TimeZoneKey zone = TimeZoneKey.getTimeZoneKey(value.getTimeZoneKey());
            return LongTimestampWithTimeZone.fromEpochMillisAndFraction(Period.YEAR.truncateMillis(value.getEpochMillis(), zone.getZoneId()), 0, zone);
        }
    }

    @ScalarFunction("mask_date_month")
    @Description(MONTH_DESCRIPTION)
    public static final class MonthOfTimestampWithTimeZone
    {
        private MonthOfTimestampWithTimeZone() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static long shortTimestamp(@SqlType("timestamp(p) with time zone") long packed)
        {
            TimeZoneKey zone = unpackZoneKey(packed);
            return packDateTimeWithZone(Period.MONTH.truncateMillis(unpackMillisUtc(packed), zone.getZoneId()), zone);
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p) with time zone")
        public static LongTimestampWithTimeZone longTimestamp(@SqlType("timestamp(p) with time zone") LongTimestampWithTimeZone value)
        {
            TimeZoneKey zone = TimeZoneKey.getTimeZoneKey(value.getTimeZoneKey());
            return LongTimestampWithTimeZone.fromEpochMillisAndFraction(Period.MONTH.truncateMillis(value.getEpochMillis(), zone.getZoneId()), 0, zone);
        }
    }

    @ScalarFunction("generalize")
    @Description(GENERALIZE_DESCRIPTION)
    @SqlType(StandardTypes.BIGINT)
    public static long generalizeBigint(@SqlType(StandardTypes.BIGINT) long value, @SqlType(StandardTypes.BIGINT) long width)
    {
        return bucket(value, width, Long.MIN_VALUE);
    }

    @ScalarFunction("generalize")
    @Description(GENERALIZE_DESCRIPTION)
    @SqlType(StandardTypes.INTEGER)
    public static long generalizeInteger(@SqlType(StandardTypes.INTEGER) long value, @SqlType(StandardTypes.BIGINT) long width)
    {
        return bucket(value, width, Integer.MIN_VALUE);
    }

    @ScalarFunction("generalize")
    @Description(GENERALIZE_DESCRIPTION)
    @SqlType(StandardTypes.DOUBLE)
    public static double generalizeDouble(@SqlType(StandardTypes.DOUBLE) double value, @SqlType(StandardTypes.DOUBLE) double width)
    {
        if (!(width > 0) || !Double.isFinite(value) || !Double.isFinite(width)) {
            return 0;
        }
        return Math.floor(value / width) * width;
    }

    /** Width is in whole units of the decimal (generalize(price, 100) buckets by 100.00). */
    @ScalarFunction("generalize")
    @Description(GENERALIZE_DESCRIPTION)
    public static final class GeneralizeDecimal
    {
        private GeneralizeDecimal() {}

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static long shortDecimal(
                @LiteralParameter("p") long precision,
                @LiteralParameter("s") long scale,
                @SqlType("decimal(p, s)") long unscaled,
                @SqlType(StandardTypes.BIGINT) long width)
        {
            if (width <= 0) {
                return 0;
            }
            long unscaledWidth;
            try {
                unscaledWidth = Math.multiplyExact(width, POWERS_OF_TEN.get((int) scale));
            }
            catch (ArithmeticException e) {
                // a bucket wider than any short decimal: every value lies in the one around zero
                return 0;
            }
            return bucket(unscaled, unscaledWidth, 1 - POWERS_OF_TEN.get((int) precision));
        }

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static Int128 longDecimal(
                @LiteralParameter("p") long precision,
                @LiteralParameter("s") long scale,
                @SqlType("decimal(p, s)") Int128 unscaled,
                @SqlType(StandardTypes.BIGINT) long width)
        {
            return Int128.valueOf(decimalBucket(unscaled.toBigInteger(), width, precision, scale));
        }
    }

    /**
     * The lower bound of the width-wide bucket holding {@code value} when it is at least {@code min} (the
     * smallest value of the type), else the bound toward zero, which always fits: it lies between 0 and the
     * value. 0 when width is not positive.
     */
    private static long bucket(long value, long width, long min)
    {
        if (width <= 0) {
            return 0;
        }
        long towardZero = (value / width) * width;
        // below zero and off a boundary, the floor is one width lower; min + width cannot overflow (min <= 0 < width)
        if (value < 0 && towardZero != value && towardZero >= min + width) {
            return towardZero - width;
        }
        return towardZero;
    }

    private static BigInteger decimalBucket(BigInteger unscaled, long width, long precision, long scale)
    {
        if (width <= 0) {
            return BigInteger.ZERO;
        }
        BigInteger unscaledWidth = BigInteger.valueOf(width).multiply(BigInteger.TEN.pow((int) scale));
        BigInteger limit = BigInteger.TEN.pow((int) precision);
        BigInteger floor = floorDiv(unscaled, unscaledWidth).multiply(unscaledWidth);
        if (floor.abs().compareTo(limit) < 0) {
            return floor;
        }
        // a bucket bound outside decimal(p, s) falls back to the bucket toward zero, which always fits
        return unscaled.divide(unscaledWidth).multiply(unscaledWidth);
    }

    private static BigInteger floorDiv(BigInteger dividend, BigInteger divisor)
    {
        BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        return quotientAndRemainder[1].signum() < 0 ? quotientAndRemainder[0].subtract(BigInteger.ONE) : quotientAndRemainder[0];
    }

    enum Period
    {
        YEAR, MONTH;

        /**
         * The first day of the period holding {@code epochDay}, by Howard Hinnant's civil-calendar arithmetic
         * (proleptic Gregorian, as Trino's date type): no objects per value, several times faster than
         * {@code LocalDate}, which matters because a mask runs once per row.
         */
        long truncate(long epochDay)
        {
            long shifted = epochDay + 719_468; // days since 0000-03-01
            long era = Math.floorDiv(shifted, 146_097);
            long dayOfEra = shifted - era * 146_097;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // March-based
            long monthIndex = (5 * dayOfYear + 2) / 153; // 0 = March
            if (this == MONTH) {
                long dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5;
                return epochDay - dayOfMonth;
            }
            long year = yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
            return januaryFirst(year);
        }

        long truncateMicros(long epochMicros)
        {
            return truncate(Math.floorDiv(epochMicros, MICROS_PER_DAY)) * MICROS_PER_DAY;
        }

        long truncateMillis(long epochMillis, ZoneId zone)
        {
            LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
            LocalDate start = LocalDate.ofEpochDay(truncate(date.toEpochDay()));
            return start.atStartOfDay(zone).toInstant().toEpochMilli();
        }

        private static long januaryFirst(long year)
        {
            long marchYear = year - 1; // January belongs to the March-based year before
            long era = Math.floorDiv(marchYear, 400);
            long yearOfEra = marchYear - era * 400;
            long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + 306; // 306: March 1 to January 1
            return era * 146_097 + dayOfEra - 719_468;
        }
    }
}
