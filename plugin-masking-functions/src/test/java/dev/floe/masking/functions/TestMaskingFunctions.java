package dev.floe.masking.functions;

import dev.floe.masking.MaskingTestRunners;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

/** The keyless functions through real queries: registration, results, hostile input, determinism flags. */
final class TestMaskingFunctions
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MaskingTestRunners.withMaskingPlugin().build();
    }

    @Test
    void functionsAreListedWithDescriptions()
    {
        MaterializedResult functions = computeActual("SHOW FUNCTIONS LIKE 'mask%'");
        assertThat(functions.getRowCount()).isGreaterThan(10);
        assertThat(functions.getMaterializedRows())
                .allSatisfy(row -> assertThat((String) row.getField(5)).as("description of %s", row.getField(0)).isNotBlank());
        assertThat(functionNames("SHOW FUNCTIONS LIKE 'mask%'")).contains("mask", "mask_email", "mask_default", "mask_null", "mask_date_year");
        assertThat(functionNames("SHOW FUNCTIONS LIKE 'classify%'")).contains("classify", "classify_column");
    }

    private Set<Object> functionNames(String sql)
    {
        return computeActual(sql).getMaterializedRows().stream().map(row -> row.getField(0)).collect(toSet());
    }

    @Test
    void redaction()
    {
        assertThat(query("""
                SELECT mask('Jane Doe-42'), mask_show_first('4111111111111111', 4), mask_show_last('4111111111111111', 4),
                       mask_partial('abcdefgh', 1, 'xxxx', 3), mask_email('jane.doe@example.com'), mask_email('not an email'),
                       mask_phone('+1 (415) 555-0132'), mask_credit_card('4111-1111-1111-1111'), mask_ssn('123-45-6789'),
                       mask_iban('DE89 3704 0044 0532 0130 00'), mask_ip('192.168.17.42'), mask_ip('2001:0db8:85a3:0000:0000:8a2e:0370:7334')
                """))
                .matches("""
                        VALUES (CAST('Xxxx Xxx-nn' AS varchar(11)), CAST('4111nnnnnnnnnnnn' AS varchar(16)), CAST('nnnnnnnnnnnn1111' AS varchar(16)),
                                CAST('axxxxfgh' AS varchar(8)), CAST('xxxx@example.com' AS varchar(20)), CAST('xxx xx xxxxx' AS varchar(12)),
                                CAST('+X (XXX) XXX-0132' AS varchar(17)), CAST('XXXX-XXXX-XXXX-1111' AS varchar(19)), CAST('XXX-XX-6789' AS varchar(11)),
                                CAST('DEXX XXXX XXXX XXXX XX30 00' AS varchar(27)), CAST('192.168.17.0' AS varchar(13)), CAST('2001:db8:85a3::' AS varchar(39)))
                        """);
    }

    @Test
    void resultsNeverExceedTheDeclaredLength()
    {
        // 'xxxx@' + domain is longer than 'a@b.io'; a varchar(6) result must still fit varchar(6)
        assertThat(computeScalar("SELECT mask_email(CAST('a@b.io' AS varchar(6)))")).isEqualTo("xxxx@b");
        assertThat(computeScalar("SELECT mask_partial(CAST('abcdef' AS varchar(6)), 1, '**********', 1)")).isEqualTo("a*****");
    }

    @Test
    void hostileInputNeverFailsAndNeverGrows()
    {
        // invalid UTF-8 cannot be written in SQL (from_utf8 repairs it); the redact unit tests feed raw bytes
        Map<String, String> hostile = Map.of(
                "empty", "''",
                "one megabyte", "rpad('a', 1048576, 'b@')",
                "repaired utf-8", "from_utf8(X'C328FFF0908D')",
                "emoji", "'👩‍💻 📞 +1 415 555 0132 🎉'",
                "right-to-left", "'مرحبا بالعالم 123 שלום'",
                "combining marks", "'é́ñ̃ 12'");
        for (String function : List.of("mask", "mask_email", "mask_phone", "mask_credit_card", "mask_ssn", "mask_iban", "mask_ip")) {
            hostile.forEach((name, value) -> assertThat(computeScalar("SELECT length(%s(%s)) <= length(%s)".formatted(function, value, value)))
                    .as("%s on %s input", function, name)
                    .isEqualTo(true));
        }
        hostile.forEach((name, value) -> assertThat(computeScalar("SELECT classify(%s)".formatted(value))).as("classify on %s input", name).isNull());
        assertThat(computeScalar("SELECT length(mask(rpad('a', 1048576, 'b')))")).isEqualTo(1048576L);
        assertThat(computeScalar("SELECT mask('👩‍💻 Ab1 مرحبا')")).isEqualTo("👩‍💻 Xxn XXXXX");
    }

    @Test
    void generalization()
    {
        assertThat(query("""
                SELECT mask_date_year(DATE '2001-08-22'), mask_date_month(DATE '2001-08-22'),
                       mask_date_year(TIMESTAMP '2001-08-22 03:04:05.123456789'),
                       mask_date_month(TIMESTAMP '2001-08-22 03:04:05.123 Asia/Kolkata'),
                       generalize(BIGINT '1234', 100), generalize(-1234, 100), generalize(DECIMAL '1234.56', 1000), generalize(12.5e0, 5e0), generalize(BIGINT '7', 0)
                """))
                .matches("""
                        VALUES (DATE '2001-01-01', DATE '2001-08-01', TIMESTAMP '2001-01-01 00:00:00.000000000',
                                TIMESTAMP '2001-08-01 00:00:00.000 Asia/Kolkata', BIGINT '1200', -1300, DECIMAL '1000.00', 10e0, BIGINT '0')
                        """);
    }

    @Test
    void decimalBucketsStayInsideTheirType()
    {
        assertThat(query("""
                SELECT generalize(DECIMAL '-1234.56', 1000), generalize(CAST(-999 AS decimal(3,0)), 1000), generalize(CAST(999 AS decimal(3,0)), 1000),
                       generalize(CAST('-12345678901234567890.5' AS decimal(30,1)), 10), generalize(DECIMAL '12.34', 9223372036854775807)
                """))
                .matches("""
                        VALUES (CAST(-2000 AS decimal(6,2)), CAST(0 AS decimal(3,0)), CAST(0 AS decimal(3,0)),
                                CAST('-12345678901234567900.0' AS decimal(30,1)), CAST(0 AS decimal(4,2)))
                        """);
    }

    @Test
    void bucketsBelowTheTypesMinimumFallBackTowardZero()
    {
        // the floor buckets (-9223372036854775809, -2147483649) do not fit their types
        assertThat(computeScalar("SELECT generalize(BIGINT '-9223372036854775808', 3)")).isEqualTo(-9223372036854775806L);
        assertThat(computeScalar("SELECT generalize(INTEGER '-2147483648', 3)")).isEqualTo(-2147483646);
        assertThat(computeScalar("SELECT generalize(INTEGER '-2147483647', 2)")).isEqualTo(-2147483648);
    }

    @Test
    void noiseStaysWithinItsBoundsAndIsNotDeterministic()
    {
        assertThat(computeScalar("SELECT count(*) FROM UNNEST(sequence(1, 1000)) t(i) WHERE add_noise(1000e0, 0.1) NOT BETWEEN 900 AND 1100")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM UNNEST(sequence(1, 1000)) t(i) WHERE abs(date_diff('day', DATE '2001-08-22', shift_date(DATE '2001-08-22', 30))) > 30")).isEqualTo(0L);
        assertThat((Long) computeScalar("SELECT count(DISTINCT add_noise(BIGINT '1000000', 0.5)) FROM UNNEST(sequence(1, 100)) t(i)")).isGreaterThan(10L);
        assertThat(computeScalar("SELECT add_noise(DECIMAL '99.99', 0.5) <= DECIMAL '99.99' OR true")).isEqualTo(true);
    }

    @Test
    void classification()
    {
        assertThat(query("""
                SELECT classify('jane.doe@example.com'), classify('4111 1111 1111 1111'), classify('4111 1111 1111 1112'),
                       classify('GB82 WEST 1234 5698 7654 32'), classify('123-45-6788'), classify('666-45-6789'), classify('10.0.0.1'),
                       classify('2001:db8::1'), classify('00:1A:2B:3C:4D:5E'), classify('https://example.com/x'),
                       classify('123e4567-e89b-12d3-a456-426614174000'), classify('+1 415 555 0132'), classify('hello')
                """))
                .matches("""
                        VALUES (CAST('email' AS varchar), CAST('credit_card' AS varchar), CAST(NULL AS varchar), CAST('iban' AS varchar),
                                CAST('us_ssn' AS varchar), CAST(NULL AS varchar), CAST('ipv4' AS varchar), CAST('ipv6' AS varchar), CAST('mac' AS varchar),
                                CAST('url' AS varchar), CAST('uuid' AS varchar), CAST('phone' AS varchar), CAST(NULL AS varchar))
                        """);
    }

    @Test
    void classifyColumnReportsCoverage()
    {
        assertThat(query("""
                SELECT classify_column(v) FROM (VALUES 'a@example.com', 'b@example.com', 'c@example.com', '10.0.0.1', 'hello', NULL) t(v)
                """))
                .matches("VALUES map(ARRAY[CAST('email' AS varchar), 'ipv4'], ARRAY[0.6e0, 0.2e0])");
        // partial aggregation across splits combines counts exactly
        assertThat(query("SELECT classify_column(comment) FROM tpch.tiny.orders")).matches("VALUES CAST(map() AS map(varchar, double))");
        assertThat(query("SELECT classify_column(v) FROM (VALUES CAST(NULL AS varchar)) t(v)")).matches("VALUES CAST(map() AS map(varchar, double))");
    }
}
