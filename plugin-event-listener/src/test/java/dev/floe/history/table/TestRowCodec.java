package dev.floe.history.table;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.floe.history.table.HistoryTables.QUERIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestRowCodec
{
    private final RowCodec codec = new RowCodec();

    @Test
    void everyColumnTypeRoundTrips()
            throws IOException
    {
        Row row = Row.builder(QUERIES)
                .set("query_id", "20261123_101530_00001_abcde")
                .set("create_time", Instant.parse("1969-12-31T23:59:59.999999Z"))
                .set("user", "ünïcode \"quoted\"\n")
                .set("written_rows", Long.MAX_VALUE)
                .set("cumulative_memory", 1.5e300)
                .set("groups", List.of("g1", "g2"))
                .set("session_properties", Map.of("query_max_memory", "1GB"))
                .build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(row, out);
        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\"state\"");
        assertThat(codec.read(line.strip())).contains(row);
    }

    @Test
    void unknownTablesAndColumnsOfOtherVersionsAreSkipped()
    {
        assertThat(codec.read("{\"t\":\"future_table\",\"v\":{\"a\":1}}")).isEqualTo(Optional.empty());
        assertThat(codec.read("{\"t\":\"queries\",\"v\":{\"query_id\":\"q\",\"create_time\":0,\"future_column\":{\"x\":[1]}}}").orElseThrow().get("query_id"))
                .isEqualTo("q");
    }

    @Test
    void brokenLinesAreRejected()
    {
        assertThatThrownBy(() -> codec.read("{\"t\":\"queries\",\"v\":{\"query_id\":\"q\"")).isInstanceOf(IllegalArgumentException.class);
        // create_time is required
        assertThatThrownBy(() -> codec.read("{\"t\":\"queries\",\"v\":{\"query_id\":\"q\"}}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesOfTheWrongTypeAreRejectedAtCapture()
    {
        assertThatThrownBy(() -> Row.builder(QUERIES).set("written_rows", 1))
                .hasMessage("queries.written_rows takes Long, not Integer");
        assertThatThrownBy(() -> Row.builder(QUERIES).set("no_such_column", "x"))
                .hasMessage("History table queries has no column no_such_column");
    }
}
