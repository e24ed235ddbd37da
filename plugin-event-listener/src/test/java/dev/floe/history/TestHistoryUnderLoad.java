package dev.floe.history;

import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many short queries at once: every one recorded, none twice, and the engine never waited for the history. */
final class TestHistoryUnderLoad
{
    private static final int QUERIES = 2_000;
    private static final int CLIENTS = 32;

    @Test
    void concurrentShortQueriesAreAllRecordedExactlyOnce()
            throws Exception
    {
        try (LakehouseCatalog lakehouse = LakehouseCatalog.start()) {
            FloeHistoryListener listener = (FloeHistoryListener) new FloeHistoryListenerFactory().create(Map.of(
                    "history.iceberg.type", "rest",
                    "history.iceberg.uri", lakehouse.uri().toString(),
                    "history.spool.directory", Files.createTempDirectory("floe-history-load").toString(),
                    "history.commit.interval", "1s"),
                    TestingListenerContext.CONTEXT);
            try (QueryRunner runner = FloeQueryRunner.builder().withLakehouse("lakehouse", lakehouse).withEventListener(listener).withUser("admin").build();
                    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<MaterializedResult>> queries = IntStream.range(0, QUERIES)
                        .mapToObj(i -> clients.submit(() -> runner.execute("SELECT %s /* under-load */".formatted(i))))
                        .toList();
                for (Future<MaterializedResult> query : queries) {
                    query.get();
                }

                String sql = "SELECT count(*), count(DISTINCT query_id), count(DISTINCT query) FROM lakehouse.floe_history.%s WHERE query LIKE '%%under-load%%' AND query NOT LIKE '%%floe_history%%'";
                long deadline = System.currentTimeMillis() + 120_000;
                MaterializedRow completed;
                do {
                    listener.flush(10_000);
                    completed = runner.execute(sql.formatted("queries")).getMaterializedRows().getFirst();
                }
                while ((long) completed.getField(0) < QUERIES && System.currentTimeMillis() < deadline);
                assertThat(completed.getFields()).containsExactly((long) QUERIES, (long) QUERIES, (long) QUERIES);
                assertThat(runner.execute(sql.formatted("query_starts")).getMaterializedRows().getFirst().getFields())
                        .containsExactly((long) QUERIES, (long) QUERIES, (long) QUERIES);
                assertThat(listener.stats().getEventsDroppedQueueFull()).isZero();
                assertThat(listener.stats().getRowsLostSpoolWrite()).isZero();
            }
            finally {
                listener.shutdown();
            }
        }
    }
}
