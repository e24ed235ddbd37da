package dev.floe.masking.functions;

import io.trino.spi.function.Description;
import io.trino.spi.function.LiteralParameter;
import io.trino.spi.function.LiteralParameters;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.StandardTypes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Noise masks. They are declared non-deterministic so the optimizer never merges or reorders them, and
 * because the same query returns different values each time (averaging many runs erodes the noise).
 */
public final class NoiseFunctions
{
    private static final String NOISE_DESCRIPTION = "Adds uniform random noise of up to ±relative × |x| (relative 0.1 = ±10%); not deterministic";
    private static final String SHIFT_DESCRIPTION = "Moves the value by a uniformly random whole number of days in [-max_days, max_days]; not deterministic";
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private NoiseFunctions() {}

    @ScalarFunction(value = "add_noise", deterministic = false)
    @Description(NOISE_DESCRIPTION)
    @SqlType(StandardTypes.DOUBLE)
    public static double noiseDouble(@SqlType(StandardTypes.DOUBLE) double value, @SqlType(StandardTypes.DOUBLE) double relative)
    {
        // NaN and infinities stay what they are: there is nothing to hide in them
        return value * (1 + factor(relative));
    }

    @ScalarFunction(value = "add_noise", deterministic = false)
    @Description(NOISE_DESCRIPTION)
    @SqlType(StandardTypes.BIGINT)
    public static long noiseBigint(@SqlType(StandardTypes.BIGINT) long value, @SqlType(StandardTypes.DOUBLE) double relative)
    {
        return saturate(Math.rint(value * (1 + factor(relative))), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @ScalarFunction(value = "add_noise", deterministic = false)
    @Description(NOISE_DESCRIPTION)
    @SqlType(StandardTypes.INTEGER)
    public static long noiseInteger(@SqlType(StandardTypes.INTEGER) long value, @SqlType(StandardTypes.DOUBLE) double relative)
    {
        return saturate(Math.rint(value * (1 + factor(relative))), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @ScalarFunction(value = "add_noise", deterministic = false)
    @Description(NOISE_DESCRIPTION)
    public static final class NoiseDecimal
    {
        private NoiseDecimal() {}

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static long shortDecimal(@LiteralParameter("p") long precision, @SqlType("decimal(p, s)") long unscaled, @SqlType(StandardTypes.DOUBLE) double relative)
        {
            return noisyUnscaled(BigInteger.valueOf(unscaled), relative, precision).longValueExact();
        }

        @LiteralParameters({"p", "s"})
        @SqlType("decimal(p, s)")
        public static Int128 longDecimal(@LiteralParameter("p") long precision, @SqlType("decimal(p, s)") Int128 unscaled, @SqlType(StandardTypes.DOUBLE) double relative)
        {
            return Int128.valueOf(noisyUnscaled(unscaled.toBigInteger(), relative, precision));
        }
    }

    @ScalarFunction(value = "shift_date", deterministic = false)
    @Description(SHIFT_DESCRIPTION)
    @SqlType(StandardTypes.DATE)
    public static long shiftDate(@SqlType(StandardTypes.DATE) long epochDay, @SqlType(StandardTypes.BIGINT) long maxDays)
    {
        return epochDay + days(maxDays);
    }

    @ScalarFunction(value = "shift_date", deterministic = false)
    @Description(SHIFT_DESCRIPTION)
    public static final class ShiftTimestamp
    {
        private ShiftTimestamp() {}

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static long shortTimestamp(@SqlType("timestamp(p)") long epochMicros, @SqlType(StandardTypes.BIGINT) long maxDays)
        {
            return epochMicros + days(maxDays) * MICROS_PER_DAY;
        }

        @LiteralParameters("p")
        @SqlType("timestamp(p)")
        public static LongTimestamp longTimestamp(@SqlType("timestamp(p)") LongTimestamp value, @SqlType(StandardTypes.BIGINT) long maxDays)
        {
            return new LongTimestamp(value.getEpochMicros() + days(maxDays) * MICROS_PER_DAY, value.getPicosOfMicro());
        }
    }

    /** A factor in [-|relative|, |relative|); a non-finite relative degrades to the full-masking factor -1 (value 0). */
    private static double factor(double relative)
    {
        if (!Double.isFinite(relative)) {
            return -1;
        }
        return Math.abs(relative) * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    }

    /** Shifts are capped at ±100 years so the result stays a valid date for any input Trino accepts. */
    private static long days(long maxDays)
    {
        long bound = Math.min(Math.abs(maxDays == Long.MIN_VALUE ? Long.MAX_VALUE : maxDays), 36_525);
        return ThreadLocalRandom.current().nextLong(-bound, bound + 1);
    }

    private static long saturate(double value, long min, long max)
    {
        if (value <= min) {
            return min;
        }
        if (value >= max) {
            return max;
        }
        return (long) value;
    }

    private static BigInteger noisyUnscaled(BigInteger unscaled, double relative, long precision)
    {
        BigInteger noisy = new BigDecimal(unscaled)
                .multiply(BigDecimal.valueOf(1 + factor(relative)))
                .setScale(0, RoundingMode.HALF_EVEN)
                .toBigIntegerExact();
        BigInteger limit = BigInteger.TEN.pow((int) precision).subtract(BigInteger.ONE);
        // noise may push the value past decimal(p, s); clamp to the largest magnitude the type holds
        if (noisy.compareTo(limit) > 0) {
            return limit;
        }
        if (noisy.compareTo(limit.negate()) < 0) {
            return limit.negate();
        }
        return noisy;
    }
}
