package dev.floe.ingest.suggest;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class TestInferredType
{
    @Test
    void scalars()
    {
        assertThat(sql("x", true)).isEqualTo("boolean");
        assertThat(sql("x", 7)).isEqualTo("bigint");
        assertThat(sql("x", new BigInteger("123456789012345678901234567890"))).isEqualTo("varchar");
        assertThat(sql("x", new BigDecimal("19.90"))).isEqualTo("double");
        assertThat(sql("x", "2024-05-01T10:00:00Z")).isEqualTo("timestamp(6) with time zone");
        assertThat(sql("x", "2024-05-01T10:00:00.5+02:00")).isEqualTo("timestamp(6) with time zone");
        assertThat(sql("x", "2024-05-01 10:00:00")).isEqualTo("timestamp(6)");
        assertThat(sql("x", "2024-05-01")).isEqualTo("date");
        assertThat(sql("x", "2024-13-01")).isEqualTo("varchar");
        assertThat(sql("x", "12")).isEqualTo("varchar");
        assertThat(sql("x", Instant.EPOCH)).isEqualTo("timestamp(6) with time zone");
        assertThat(sql("x", null)).isEqualTo("varchar");
        assertThat(sql("x", new byte[1])).isEqualTo("varbinary");
    }

    @Test
    void epochNumbersInTimeNamedFields()
    {
        assertThat(sql("created_at", 1_714_557_600_000L)).isEqualTo("timestamp(6) with time zone");
        assertThat(sql("createdAt", 1_714_557_600L)).isEqualTo("timestamp(6) with time zone");
        assertThat(sql("ts", new BigDecimal("1714557600.25"))).isEqualTo("timestamp(6) with time zone");
        // outside 2000 to 2099
        assertThat(sql("created_at", 5)).isEqualTo("bigint");
        assertThat(sql("created_at", 4_102_444_800_000L)).isEqualTo("bigint");
        // not named like a time
        assertThat(sql("amount", 1_714_557_600_000L)).isEqualTo("bigint");
        assertThat(InferredType.isTimeName("eventTimestamp")).isTrue();
        assertThat(InferredType.isTimeName("eventtimestamp")).isTrue();
        assertThat(InferredType.isTimeName("order-date")).isTrue();
        assertThat(InferredType.isTimeName("update")).isFalse();
        assertThat(InferredType.isTimeName("counts")).isFalse();
    }

    @Test
    void joins()
    {
        assertThat(joined("x", 1, new BigDecimal("1.5"))).isEqualTo("double");
        assertThat(joined("x", 1, "a")).isEqualTo("varchar");
        assertThat(joined("x", true, 1)).isEqualTo("varchar");
        assertThat(joined("x", null, 1)).isEqualTo("bigint");
        assertThat(joined("x", "2024-05-01", "2024-05-01T10:00:00")).isEqualTo("timestamp(6)");
        assertThat(joined("x", "2024-05-01T10:00:00", "2024-05-01T10:00:00Z")).isEqualTo("timestamp(6) with time zone");
        // one value that is no plausible time makes the field a number
        assertThat(joined("updated_at", 1_714_557_600_000L, 0)).isEqualTo("bigint");
        assertThat(joined("x", List.of(1), List.of(new BigDecimal("2.5")))).isEqualTo("array(double)");
        assertThat(joined("x", List.of(), List.of())).isEqualTo("array(varchar)");
        assertThat(joined("x", Map.of("a", 1), Map.of("b", "t"))).isEqualTo("row(\"a\" bigint, \"b\" varchar)");
        assertThat(joined("x", Map.of(), Map.of())).isEqualTo("varchar");
        assertThat(joined("x", Map.of("a", 1), List.of(1))).isEqualTo("varchar");
        Map<String, Object> caseVariants = new LinkedHashMap<>();
        caseVariants.put("Id", 1);
        caseVariants.put("id", 2);
        assertThat(sql("x", caseVariants)).isEqualTo("row(\"id\" bigint, \"id_2\" bigint)");
    }

    private static String sql(String name, Object value)
    {
        return InferredType.of(value, name).sql();
    }

    private static String joined(String name, Object... values)
    {
        return Arrays.stream(values).map(value -> InferredType.of(value, name)).reduce(InferredType.UNKNOWN, InferredType::join).sql();
    }
}
