package dev.floe.history.spool;

import dev.floe.history.spool.Spool.Segment;
import dev.floe.history.table.Row;
import dev.floe.history.table.RowCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.floe.history.table.HistoryTables.QUERY_STARTS;
import static org.assertj.core.api.Assertions.assertThat;

final class TestSpool
{
    @TempDir
    Path directory;

    @Test
    void sealedSegmentsKeepTheirRowsInOrder()
            throws IOException
    {
        Spool spool = new Spool(directory, new RowCodec(), Duration.ZERO);
        spool.append(List.of(row("q1"), row("q2")));
        spool.seal();
        spool.append(List.of(row("q3")));
        spool.seal();
        spool.seal();

        List<Segment> segments = spool.sealedSegments();
        assertThat(segments).extracting(Segment::sequence).containsExactly(0L, 1L);
        assertThat(spool.read(segments.get(0)).rows()).containsExactly(row("q1"), row("q2"));
        assertThat(spool.read(segments.get(1)).rows()).containsExactly(row("q3"));
        assertThat(spool.countRows(segments.get(0))).isEqualTo(2);
    }

    @Test
    void rowsWaitingForTheSyncIntervalAreAlreadyInTheFile()
            throws IOException
    {
        // not forced for an hour, but written: a process killed now leaves them to the next start
        Spool killed = new Spool(directory, new RowCodec(), Duration.ofHours(1));
        killed.append(List.of(row("q1")));
        killed.append(List.of(row("q2")));

        Spool restarted = new Spool(directory, new RowCodec(), Duration.ofHours(1));
        assertThat(restarted.read(restarted.sealedSegments().getFirst()).rows()).containsExactly(row("q1"), row("q2"));
    }

    @Test
    void aRestartSealsTheOpenSegmentSkipsATornLineAndKeepsItsIdentity()
            throws IOException
    {
        Spool crashed = new Spool(directory, new RowCodec(), Duration.ZERO);
        crashed.append(List.of(row("q1"), row("q2")));
        // kill -9 in the middle of a write: half a line, cut inside a multi-byte character
        byte[] line = "{\"t\":\"query_starts\",\"v\":{\"query_id\":\"é".getBytes(StandardCharsets.UTF_8);
        Path open = directory.resolve("%020d.open".formatted(0));
        Files.write(open, java.util.Arrays.copyOf(line, line.length - 1), StandardOpenOption.APPEND);

        Spool restarted = new Spool(directory, new RowCodec(), Duration.ZERO);
        assertThat(restarted.writerId()).isEqualTo(crashed.writerId());
        List<Segment> segments = restarted.sealedSegments();
        assertThat(segments).extracting(Segment::sequence).containsExactly(0L);
        Spool.Contents rows = restarted.read(segments.getFirst());
        assertThat(rows.rows()).containsExactly(row("q1"), row("q2"));
        assertThat(rows.skippedLines()).isEqualTo(1);

        restarted.append(List.of(row("q3")));
        restarted.seal();
        assertThat(restarted.sealedSegments()).extracting(Segment::sequence).containsExactly(0L, 1L);
    }

    @Test
    void segmentNumbersKeepGrowingAfterTheSpoolWasEmptied()
            throws IOException
    {
        Spool spool = new Spool(directory, new RowCodec(), Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            spool.append(List.of(row("q" + i)));
            spool.seal();
        }
        // everything committed and deleted: commit markers in the tables now say 2
        for (Segment segment : spool.sealedSegments()) {
            spool.delete(segment);
        }
        Spool restarted = new Spool(directory, new RowCodec(), Duration.ZERO);
        restarted.append(List.of(row("q3")));
        restarted.sealAndAdopt(List.of());
        assertThat(restarted.sealedSegments()).extracting(Segment::sequence).containsExactly(3L);
    }

    @Test
    void deliveryMarkersSurviveARestart()
            throws IOException
    {
        Spool spool = new Spool(directory, new RowCodec(), Duration.ZERO);
        assertThat(spool.delivered("openlineage")).isEqualTo(-1);
        spool.recordDelivered("openlineage", 7);
        assertThat(new Spool(directory, new RowCodec(), Duration.ZERO).delivered("openlineage")).isEqualTo(7);
    }

    private static Row row(String queryId)
    {
        return Row.builder(QUERY_STARTS)
                .set("query_id", queryId)
                .set("create_time", Instant.parse("2026-11-23T10:15:30.123456789Z"))
                .set("groups", List.of("a", "b"))
                .build();
    }
}
