package dev.floe.access.policy;

import org.junit.jupiter.api.Test;

import static dev.floe.access.policy.MaskType.Fit.ANY;
import static dev.floe.access.policy.MaskType.Fit.COERCIBLE;
import static dev.floe.access.policy.MaskType.Fit.EXACT;
import static dev.floe.access.policy.MaskType.Fit.NONE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.spi.type.VarcharType.createVarcharType;
import static org.assertj.core.api.Assertions.assertThat;

final class TestMaskType
{
    @Test
    void varchar()
    {
        // a type name fits every length of the type
        assertThat(fit("varchar", createVarcharType(10))).isEqualTo(EXACT);
        assertThat(fit("VARCHAR", VARCHAR)).isEqualTo(EXACT);
        assertThat(fit("varchar(10)", createVarcharType(10))).isEqualTo(EXACT);
        assertThat(fit("varchar(10)", createVarcharType(11))).isEqualTo(NONE);
        assertThat(fit("char", createVarcharType(10))).isEqualTo(COERCIBLE);
        assertThat(fit("varchar", BIGINT)).isEqualTo(NONE);
    }

    @Test
    void decimal()
    {
        assertThat(fit("decimal(12,2)", createDecimalType(12, 2))).isEqualTo(EXACT);
        assertThat(fit("decimal(12, 2)", createDecimalType(12, 2))).isEqualTo(EXACT);
        assertThat(fit("decimal(12,2)", createDecimalType(12, 3))).isEqualTo(NONE);
        assertThat(fit("decimal", createDecimalType(38, 10))).isEqualTo(EXACT);
        assertThat(fit("decimal(12,2)", DOUBLE)).isEqualTo(COERCIBLE);
    }

    @Test
    void numbersCoerceUpwardsOnly()
    {
        assertThat(fit("integer", INTEGER)).isEqualTo(EXACT);
        assertThat(fit("integer", BIGINT)).isEqualTo(COERCIBLE);
        assertThat(fit("integer", DOUBLE)).isEqualTo(COERCIBLE);
        assertThat(fit("integer", createDecimalType(20, 0))).isEqualTo(COERCIBLE);
        assertThat(fit("bigint", INTEGER)).isEqualTo(NONE);
        assertThat(fit("double", BIGINT)).isEqualTo(NONE);
    }

    @Test
    void datesAndTimestamps()
    {
        assertThat(fit("date", DATE)).isEqualTo(EXACT);
        assertThat(fit("date", TIMESTAMP_MILLIS)).isEqualTo(COERCIBLE);
        assertThat(fit("timestamp", TIMESTAMP_MILLIS)).isEqualTo(EXACT);
        assertThat(fit("timestamp(3)", TIMESTAMP_MILLIS)).isEqualTo(EXACT);
        assertThat(fit("Timestamp With Time Zone", TIMESTAMP_TZ_MICROS)).isEqualTo(EXACT);
        assertThat(fit("timestamp(6) with time zone", TIMESTAMP_TZ_MICROS)).isEqualTo(EXACT);
        assertThat(fit("timestamp", TIMESTAMP_TZ_MICROS)).isEqualTo(COERCIBLE);
        assertThat(fit("timestamp with time zone", TIMESTAMP_MILLIS)).isEqualTo(NONE);
        assertThat(fit("timestamp", DATE)).isEqualTo(NONE);
    }

    @Test
    void any()
    {
        assertThat(fit("any", VARCHAR)).isEqualTo(ANY);
        assertThat(fit("ANY", DATE)).isEqualTo(ANY);
        assertThat(MaskType.ANY_TYPE.fit(createDecimalType(5, 1))).isEqualTo(ANY);
    }

    @Test
    void fitsAreOrderedBestFirst()
    {
        // the evaluator picks the smallest fit
        assertThat(MaskType.Fit.values()).containsExactly(EXACT, COERCIBLE, ANY, NONE);
    }

    private static MaskType.Fit fit(String maskType, io.trino.spi.type.Type columnType)
    {
        return new MaskType(maskType).fit(columnType);
    }
}
