package dev.floe.masking.functions;

import dev.floe.masking.MaskingTestRunners;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every masking function returns exactly its argument's type (Trino rejects a column mask of another type)
 * and maps NULL to NULL, except mask_default, which maps NULL to the type's default as well.
 */
final class TestMaskingFunctionTypes
        extends AbstractTestQueryFramework
{
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            entry("varchar(15)", "CAST('Jane Doe-42' AS varchar(15))"),
            entry("varchar", "CAST('Jane Doe-42' AS varchar)"),
            entry("char(12)", "CAST('Jane Doe-42' AS char(12))"),
            entry("varbinary", "X'0102030405'"),
            entry("bigint", "BIGINT '1234567'"),
            entry("integer", "INTEGER '1234567'"),
            entry("smallint", "SMALLINT '1234'"),
            entry("tinyint", "TINYINT '12'"),
            entry("double", "DOUBLE '1234.5'"),
            entry("real", "REAL '1234.5'"),
            entry("boolean", "true"),
            entry("date", "DATE '2001-08-22'"),
            entry("decimal(12,2)", "DECIMAL '1234567890.12'"),
            entry("decimal(30,5)", "CAST('1234567890123456789.12345' AS decimal(30,5))"),
            entry("timestamp(3)", "TIMESTAMP '2001-08-22 03:04:05.321'"),
            entry("timestamp(6)", "TIMESTAMP '2001-08-22 03:04:05.321654'"),
            entry("timestamp(9)", "TIMESTAMP '2001-08-22 03:04:05.321654987'"),
            entry("timestamp(3) with time zone", "TIMESTAMP '2001-08-22 03:04:05.321 Europe/Warsaw'"),
            entry("timestamp(9) with time zone", "TIMESTAMP '2001-08-22 03:04:05.321654987 Europe/Warsaw'"));

    private static final List<String> TEXT = List.of("varchar(15)", "varchar");
    private static final List<String> TEXT_AND_CHAR = List.of("varchar(15)", "varchar", "char(12)");
    private static final List<String> TEMPORAL = List.of("date", "timestamp(3)", "timestamp(6)", "timestamp(9)", "timestamp(3) with time zone", "timestamp(9) with time zone");

    /** Function call templates ({@code %s} is the argument) and the types each accepts. */
    private static final Map<String, List<String>> FUNCTIONS = Map.ofEntries(
            entry("mask(%s)", TEXT_AND_CHAR),
            entry("mask_show_first(%s, 2)", TEXT_AND_CHAR),
            entry("mask_show_last(%s, 2)", TEXT_AND_CHAR),
            entry("mask_partial(%s, 1, '***', 1)", TEXT),
            entry("mask_email(%s)", TEXT),
            entry("mask_phone(%s)", TEXT),
            entry("mask_credit_card(%s)", TEXT),
            entry("mask_ssn(%s)", TEXT),
            entry("mask_iban(%s)", TEXT),
            entry("mask_ip(%s)", TEXT),
            entry("mask_default(%s)", List.copyOf(SAMPLES.keySet())),
            entry("mask_null(%s)", List.copyOf(SAMPLES.keySet())),
            entry("mask_date_year(%s)", TEMPORAL),
            entry("mask_date_month(%s)", TEMPORAL),
            entry("generalize(%s, 10)", List.of("bigint", "integer", "decimal(12,2)", "decimal(30,5)")),
            entry("generalize(%s, 10e0)", List.of("double")),
            entry("add_noise(%s, 0.1)", List.of("double", "bigint", "integer", "decimal(12,2)", "decimal(30,5)")),
            entry("shift_date(%s, 30)", List.of("date", "timestamp(3)", "timestamp(6)", "timestamp(9)")),
            entry("mask_hash(%s)", List.of("varchar(15)", "varchar", "char(12)", "bigint", "integer", "varbinary")),
            entry("mask_hash(%s, 'k1')", TEXT),
            entry("fpe_encrypt(%s)", TEXT),
            entry("fpe_encrypt(%s, 'k1')", TEXT),
            entry("fpe_decrypt(%s)", TEXT),
            entry("fpe_decrypt(%s, 'k1')", TEXT));

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MaskingTestRunners.withMaskingPlugin().build();
    }

    @Test
    void everyFunctionReturnsItsArgumentType()
    {
        List<String> mismatches = new ArrayList<>();
        FUNCTIONS.forEach((template, types) -> {
            for (String type : types) {
                String call = template.formatted(SAMPLES.get(type));
                Object actual = computeScalar("SELECT typeof(" + call + ")");
                if (!type.equals(actual)) {
                    mismatches.add("%s returned %s, not %s".formatted(call, actual, type));
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void nullInNullOut()
    {
        List<String> failures = new ArrayList<>();
        FUNCTIONS.forEach((template, types) -> {
            for (String type : types) {
                String call = template.formatted("CAST(NULL AS " + type + ")");
                boolean isNull = (Boolean) computeScalar("SELECT " + call + " IS NULL");
                if (isNull == template.startsWith("mask_default")) {
                    failures.add(call + (isNull ? " is NULL" : " is not NULL"));
                }
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    void maskDefaultGivesTheTypesDefault()
    {
        assertThat(query("""
                SELECT mask_default(CAST(NULL AS varchar)), mask_default(BIGINT '7'), mask_default(DOUBLE '2.5'), mask_default(true),
                       mask_default(DATE '2001-08-22'), mask_default(DECIMAL '12.34'), mask_default(TIMESTAMP '2001-08-22 03:04:05.123456'),
                       mask_default(TIMESTAMP '2001-08-22 03:04:05.123 Europe/Warsaw') = TIMESTAMP '1970-01-01 00:00:00.000 UTC'
                """))
                .matches("VALUES (CAST('' AS varchar), BIGINT '0', DOUBLE '0', false, DATE '1970-01-01', CAST(0 AS decimal(4,2)), TIMESTAMP '1970-01-01 00:00:00.000000', true)");
    }
}
