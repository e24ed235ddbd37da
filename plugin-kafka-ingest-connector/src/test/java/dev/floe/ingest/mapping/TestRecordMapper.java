package dev.floe.ingest.mapping;

import dev.floe.ingest.pipeline.PipelineOptions.TimestampUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestRecordMapper
{
    private static final Schema SCHEMA = new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "amount", Types.DecimalType.of(10, 2)),
            optional(3, "ts", Types.TimestampType.withZone()),
            optional(4, "local_ts", Types.TimestampType.withoutZone()),
            optional(5, "day", Types.DateType.get()),
            optional(6, "zip", Types.StringType.get()),
            optional(7, "payload", Types.BinaryType.get()),
            optional(8, "ref", Types.UUIDType.get()),
            optional(9, "small", Types.IntegerType.get()),
            optional(10, "flag", Types.BooleanType.get()),
            optional(11, "tags", Types.ListType.ofOptional(12, Types.StringType.get())),
            optional(13, "address", Types.StructType.of(optional(14, "city", Types.StringType.get()))),
            optional(15, "raw", Types.StringType.get()));

    private final RecordMapper mapper = new RecordMapper(SCHEMA, Map.of("zip", "$.address.zip", "RAW", "$.nested"), Map.of(), new ValueCoercer(TimestampUnit.AUTO));

    @Test
    void coercesValuesTheWayACastWould()
            throws MappingException
    {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ID", "42");
        record.put("amount", new BigDecimal("12.345"));
        record.put("ts", 1_700_000_000L);
        record.put("local_ts", "2026-01-31 12:30:00");
        record.put("day", "2026-01-31");
        record.put("address", Map.of("city", "Lyon", "zip", 69001));
        record.put("payload", "AQID");
        record.put("ref", "123e4567-e89b-12d3-a456-426614174000");
        record.put("small", 7.0);
        record.put("flag", "TRUE");
        record.put("tags", List.of("a", 1));
        record.put("nested", Map.of("k", List.of(1, 2)));
        record.put("unknown", 1);
        List<String> unknown = new ArrayList<>();

        GenericRecord row = mapper.map(record, unknown::add);

        assertThat(row.getField("id")).isEqualTo(42L);
        assertThat(row.getField("amount")).isEqualTo(new BigDecimal("12.35"));
        assertThat(row.getField("ts")).isEqualTo(OffsetDateTime.of(2023, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
        assertThat(row.getField("local_ts")).isEqualTo(LocalDateTime.of(2026, 1, 31, 12, 30));
        assertThat(row.getField("day")).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(row.getField("zip")).isEqualTo("69001");
        assertThat(row.getField("payload")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(row.getField("ref")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(row.getField("small")).isEqualTo(7);
        assertThat(row.getField("flag")).isEqualTo(true);
        assertThat(row.getField("tags")).isEqualTo(List.of("a", "1"));
        assertThat(((GenericRecord) row.getField("address")).getField("city")).isEqualTo("Lyon");
        assertThat(row.getField("raw")).isEqualTo("{\"k\":[1,2]}");
        assertThat(unknown).containsExactly("unknown");
    }

    @Test
    void epochNumbersAreTimestampsInTheUnitTheirMagnitudeSays()
            throws MappingException
    {
        for (long epoch : new long[] {1_700_000_000L, 1_700_000_000_000L, 1_700_000_000_000_000L}) {
            assertThat(mapper.map(Map.of("id", 1, "ts", epoch), _ -> {}).getField("ts")).isEqualTo(OffsetDateTime.of(2023, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
            assertThat(mapper.map(Map.of("id", 1, "ts", " " + epoch), _ -> {}).getField("ts")).isEqualTo(OffsetDateTime.of(2023, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
        }
        // a string of ten digits is epoch seconds (today's), one with dashes inside a date
        assertThat(mapper.map(Map.of("id", 1, "ts", "2026-01-31"), _ -> {}).getField("ts")).isEqualTo(OffsetDateTime.of(2026, 1, 31, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(mapper.map(Map.of("id", 1, "ts", "-86400"), _ -> {}).getField("ts")).isEqualTo(OffsetDateTime.of(1969, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void failuresNameTheColumnAndTheValue()
    {
        assertThatThrownBy(() -> mapper.map(Map.of("amount", 1), _ -> {}))
                .isInstanceOf(MappingException.class)
                .hasMessage("column id is NOT NULL but the record has no value at id");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1.5), _ -> {}))
                .hasMessage("column id: cannot read 1.5 as long (has a fractional part)");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "amount", "12345678901"), _ -> {}))
                .hasMessage("column amount: cannot read '12345678901' as decimal(10, 2) (more than 10 digits)");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "small", 3_000_000_000L), _ -> {}))
                .hasMessage("column small: cannot read 3000000000 as int (out of range)");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "ts", "yesterday"), _ -> {}))
                .hasMessageStartingWith("column ts: cannot read 'yesterday' as timestamptz");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "address", "Lyon"), _ -> {}))
                .hasMessageStartingWith("column address: cannot read 'Lyon' as struct<");
    }

    @Test
    void rulesAreCheckedOnTheCoercedValue()
            throws MappingException
    {
        RecordMapper checked = new RecordMapper(SCHEMA, Map.of(), Map.of(
                "amount", new ColumnRule(true, Optional.of(BigDecimal.ZERO), Optional.of(new BigDecimal("100")), Optional.empty()),
                "zip", new ColumnRule(false, Optional.empty(), Optional.empty(), Optional.of(Pattern.compile("[0-9]{5}")))),
                new ValueCoercer(TimestampUnit.AUTO));
        assertThat(checked.map(Map.of("id", 1, "amount", "99.999"), _ -> {}).getField("amount")).isEqualTo(new BigDecimal("100.00"));
        assertThatThrownBy(() -> checked.map(Map.of("id", 1, "amount", "100.01"), _ -> {}))
                .isInstanceOf(MappingException.class)
                .hasMessage("column amount: rule max: 100.01 is greater than 100");
        assertThatThrownBy(() -> checked.map(Map.of("id", 1), _ -> {}))
                .hasMessage("column amount: rule not_null: the record has no value");
        assertThatThrownBy(() -> checked.map(Map.of("id", 1, "amount", 1, "zip", "6900"), _ -> {}))
                .hasMessage("column zip: rule pattern: '6900' does not match [0-9]{5}");
    }

    @Test
    void valuesTheTableCannotStoreAreFailuresOfTheRecord()
    {
        // these passed the mapping before and then failed the batch, record after record, in the writer or the rule
        Schema reals = new Schema(optional(1, "ratio", Types.DoubleType.get()), optional(2, "score", Types.FloatType.get()));
        RecordMapper checked = new RecordMapper(reals, Map.of(), Map.of(
                "ratio", new ColumnRule(false, Optional.of(BigDecimal.ZERO), Optional.of(BigDecimal.ONE), Optional.empty()),
                "score", new ColumnRule(false, Optional.of(BigDecimal.ZERO), Optional.empty(), Optional.empty())),
                new ValueCoercer(TimestampUnit.AUTO));
        assertThatThrownBy(() -> checked.map(Map.of("ratio", "NaN"), _ -> {}))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.kind()).isEqualTo(MappingException.Kind.QUALITY))
                .hasMessage("column ratio: rule min/max: NaN is not a number to compare");
        assertThatThrownBy(() -> checked.map(Map.of("ratio", new BigDecimal("1e400")), _ -> {}))
                .hasMessage("column ratio: rule max: Infinity is greater than 1");
        assertThatThrownBy(() -> checked.map(Map.of("score", "-Infinity"), _ -> {}))
                .hasMessage("column score: rule min: -Infinity is less than 0");
        // above the minimum, with no maximum: stored as it is
        assertThatCode(() -> checked.map(Map.of("score", "Infinity"), _ -> {})).doesNotThrowAnyException();

        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "ts", "+1000000-01-01T00:00:00Z"), _ -> {}))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.kind()).isEqualTo(MappingException.Kind.COERCION))
                .hasMessageStartingWith("column ts: cannot read '+1000000-01-01T00:00:00Z' as timestamptz (out of range)");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "local_ts", "+1000000-01-01T00:00:00"), _ -> {}))
                .hasMessageStartingWith("column local_ts: cannot read '+1000000-01-01T00:00:00' as timestamp (out of range)");
        assertThatThrownBy(() -> mapper.map(Map.of("id", 1, "day", "+999999999-12-31T00:00:00Z"), _ -> {}))
                .hasMessageStartingWith("column day: cannot read '+999999999-12-31T00:00:00Z' as date (out of range)");
        // the last microsecond Iceberg can store is still a timestamp
        assertThatCode(() -> mapper.map(Map.of("id", 1, "ts", "+294247-01-10T04:00:54.775807Z"), _ -> {})).doesNotThrowAnyException();
    }

    @Test
    void mappingsMustNameColumnsOfTheTable()
    {
        assertThatThrownBy(() -> new RecordMapper(SCHEMA, Map.of("missing", "$.a"), Map.of(), new ValueCoercer(TimestampUnit.AUTO)))
                .hasMessageStartingWith("option columns: the table has no column missing (columns: id, amount");
        assertThatThrownBy(() -> new RecordMapper(SCHEMA, Map.of("zip", "$.a["), Map.of(), new ValueCoercer(TimestampUnit.AUTO)))
                .hasMessage("option columns.zip: path $.a[: '[' at position 3 is not closed");
    }
}
