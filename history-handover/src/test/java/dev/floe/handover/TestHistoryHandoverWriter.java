package dev.floe.handover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file protocol plugin-event-listener's Spool adopts: sealed {@code .rows} files of {@code {"t":…,"v":…}} lines. */
final class TestHistoryHandoverWriter
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void rowsOfAnyTableAreLinesOfTheFileSealedAtRotation()
            throws IOException
    {
        try (HistoryHandoverWriter writer = new HistoryHandoverWriter(directory.resolve("handover"))) {
            writer.append("access_audit", values().put("query_id", "q1").put("create_time", 1_700_000_000_000_000L).put("kind", "denied"));
            ObjectNode hit = values().put("query_id", "q2").put("hit_time", 1_700_000_000_123_456L).put("latency_ms", 1.5);
            hit.putArray("inputs").add("lakehouse.demo.orders@42");
            hit.put("query", "SELECT 'a\nb', 'ü'");
            writer.append("result_cache_hits", hit);

            assertThat(files(writer.directory(), ".open")).hasSize(1);
            assertThat(files(writer.directory(), ".rows")).isEmpty();
            writer.rotate();
            assertThat(files(writer.directory(), ".open")).isEmpty();
            List<Path> sealed = files(writer.directory(), ".rows");
            assertThat(sealed).hasSize(1);
            assertThat(sealed.getFirst().getFileName().toString()).matches("[0-9a-f-]{36}-00000000000000000000\\.rows");
            assertThat(Files.readAllLines(sealed.getFirst())).containsExactly(
                    "{\"t\":\"access_audit\",\"v\":{\"query_id\":\"q1\",\"create_time\":1700000000000000,\"kind\":\"denied\"}}",
                    "{\"t\":\"result_cache_hits\",\"v\":{\"query_id\":\"q2\",\"hit_time\":1700000000123456,\"latency_ms\":1.5,\"inputs\":[\"lakehouse.demo.orders@42\"],\"query\":\"SELECT 'a\\nb', 'ü'\"}}");

            // nothing written, nothing to seal
            writer.rotate();
            assertThat(files(writer.directory(), "")).hasSize(1);
        }
    }

    @Test
    void theOpenFileIsSealedEverySecond()
            throws Exception
    {
        try (HistoryHandoverWriter writer = new HistoryHandoverWriter(directory)) {
            writer.append("result_cache_hits", values().put("query_id", "q1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (files(directory, ".rows").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(files(directory, ".rows")).hasSize(1);
            assertThat(files(directory, ".open")).isEmpty();
            writer.append("result_cache_hits", values().put("query_id", "q2"));
            assertThat(files(directory, ".open")).as("a new file").hasSize(1);
        }
    }

    @Test
    void closeSealsAndLaterRowsAreSealedAtOnce()
            throws IOException
    {
        HistoryHandoverWriter writer = new HistoryHandoverWriter(directory);
        writer.append("access_audit", values().put("kind", "denied"));
        writer.close();
        assertThat(files(directory, ".open")).isEmpty();
        assertThat(files(directory, ".rows")).hasSize(1);

        writer.append("access_audit", values().put("kind", "row_filter"));
        writer.close();
        assertThat(files(directory, ".open")).isEmpty();
        assertThat(files(directory, ".rows")).hasSize(2);
    }

    @Test
    void writersSharingADirectoryWriteFilesOfTheirOwn()
            throws IOException
    {
        try (HistoryHandoverWriter first = new HistoryHandoverWriter(directory);
                HistoryHandoverWriter second = new HistoryHandoverWriter(directory)) {
            first.append("access_audit", values().put("kind", "denied"));
            second.append("result_cache_hits", values().put("query_id", "q1"));
        }
        List<Path> sealed = files(directory, ".rows");
        assertThat(sealed).hasSize(2);
        assertThat(sealed).extracting(file -> file.getFileName().toString().substring(0, 36)).doesNotHaveDuplicates();
    }

    @Test
    void tableIsRequired()
    {
        try (HistoryHandoverWriter writer = new HistoryHandoverWriter(directory)) {
            assertThatThrownBy(() -> writer.append("", values())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ObjectNode values()
    {
        return JSON.createObjectNode();
    }

    private static List<Path> files(Path directory, String suffix)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
