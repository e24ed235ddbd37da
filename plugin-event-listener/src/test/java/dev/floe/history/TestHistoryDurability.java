package dev.floe.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.handover.HistoryHandoverWriter;
import dev.floe.history.pipeline.HistoryPipeline;
import dev.floe.history.pipeline.HistoryStats;
import dev.floe.history.sink.HistoryMaintenance;
import dev.floe.history.sink.IcebergHistorySink;
import dev.floe.history.sink.SegmentRows;
import dev.floe.history.spool.Spool;
import dev.floe.history.table.Row;
import dev.floe.history.table.RowCodec;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.Polling;
import io.airlift.units.Duration;
import io.trino.testing.QueryRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.floe.history.table.HistoryTables.QUERY_STARTS;
import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.MINUTES;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * No event lost, none twice: a catalog outage, a restart with a full spool, a replay after a crash between commit and
 * spool cleanup, and a spool over its disk budget. The catalog is real; the outage cuts the network path to it.
 */
@TestInstance(PER_CLASS)
final class TestHistoryDurability
{
    private static final java.time.Duration OUTAGE = java.time.Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LakehouseCatalog lakehouse;
    private TcpProxy proxy;
    private QueryRunner reader;

    @BeforeAll
    void setUp()
            throws Exception
    {
        lakehouse = LakehouseCatalog.start();
        proxy = new TcpProxy(lakehouse.uri().getPort());
        // reads the history straight from the catalog, whatever the proxy does
        reader = FloeQueryRunner.builder().withLakehouse("lakehouse", lakehouse).withUser("admin").build();
    }

    @AfterAll
    void tearDown()
    {
        if (reader != null) {
            reader.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (lakehouse != null) {
            lakehouse.close();
        }
    }

    @Test
    void rowsWaitInTheSpoolDuringAnOutageAndLandOnceAfterIt()
            throws Exception
    {
        Path spool = Files.createTempDirectory("floe-history-outage");
        FloeHistoryListener listener = listener(spool);
        try (QueryRunner runner = FloeQueryRunner.builder().withEventListener(listener).withUser("admin").build()) {
            runner.execute("SELECT 'outage-warmup'");
            assertThat(listener.flush(60_000)).isTrue();

            // 45 s without the catalog, queries running all along: the committer doubles its delay after each failure
            // (1, 2, 4 … 32 s from its 500 ms interval), about 6 attempts instead of 90
            proxy.cut();
            long end = System.currentTimeMillis() + OUTAGE.toMillis();
            int queries = 0;
            while (System.currentTimeMillis() < end) {
                runner.execute("SELECT %s /* during-outage */".formatted(queries++));
                Thread.sleep(500);
            }
            assertThat(listener.stats().getCommitFailures()).as("failed attempts, backing off").isBetween(4L, 15L);
            assertThat(listener.stats().getSpoolBytes()).isPositive();
            assertThat(count("queries", "query LIKE '%during-outage%'")).isZero();

            proxy.restore();
            awaitCount("queries", "query LIKE '%during-outage%'", queries, listener);
            assertThat(reader.execute("SELECT count(DISTINCT query_id) FROM lakehouse.floe_history.queries WHERE query LIKE '%during-outage%'").getOnlyValue())
                    .isEqualTo((long) queries);
            assertThat(listener.stats().getEventsDroppedQueueFull() + listener.stats().getRowsDroppedSpoolBudget()).isZero();
        }
        finally {
            proxy.restore();
            listener.shutdown();
        }
    }

    @Test
    void aRestartCommitsWhatThePreviousRunLeftInTheSpool()
            throws Exception
    {
        Path spool = Files.createTempDirectory("floe-history-restart");
        FloeHistoryListener first = listener(spool);
        try (QueryRunner runner = FloeQueryRunner.builder().withEventListener(first).withUser("admin").build()) {
            proxy.cut();
            for (int i = 0; i < 10; i++) {
                runner.execute("SELECT %s /* before-restart */".formatted(i));
            }
            // the engine fires completion events asynchronously: wait until all ten are in the spool
            long deadline = System.currentTimeMillis() + 30_000;
            while (first.stats().getEventsReceived() < 20 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        finally {
            first.shutdown();
        }
        assertThat(count("queries", "query LIKE '%before-restart%'")).isZero();

        proxy.restore();
        FloeHistoryListener second = listener(spool);
        try {
            awaitCount("queries", "query LIKE '%before-restart%'", 10, second);
            awaitCount("query_starts", "query LIKE '%before-restart%'", 10, second);
        }
        finally {
            second.shutdown();
        }
    }

    @Test
    void replayingACommittedSegmentAddsNothing()
            throws Exception
    {
        Path directory = Files.createTempDirectory("floe-history-replay");
        Spool spool = new Spool(directory, new RowCodec(), java.time.Duration.ZERO);
        List<Row> rows = IntStream.range(0, 5).mapToObj(i -> start("replay-" + i)).toList();

        new IcebergHistorySink(this::catalog, Namespace.of("floe_history"), spool.writerId()).commit(List.of(new SegmentRows(3, rows)));
        // the crash: committed, but the segment was not deleted; the next run has no memory of the commit, and
        // commits it in one batch with the segment that was open when the server died
        List<Row> later = List.of(start("replay-5"), start("replay-6"));
        new IcebergHistorySink(this::catalog, Namespace.of("floe_history"), spool.writerId()).commit(List.of(new SegmentRows(3, rows), new SegmentRows(4, later)));
        new IcebergHistorySink(this::catalog, Namespace.of("floe_history"), spool.writerId()).commit(List.of(new SegmentRows(4, later)));
        // another node (another writer id) with the same segment number is not mistaken for this one
        new IcebergHistorySink(this::catalog, Namespace.of("floe_history"), "another-node").commit(List.of(new SegmentRows(3, rows.subList(0, 1))));

        assertThat(count("query_starts", "query_id LIKE 'replay-%'")).isEqualTo(8);
        assertThat(count("query_starts", "query_id IN ('replay-0', 'replay-5', 'replay-6')")).isEqualTo(4);
    }

    @Test
    void aFullSpoolDropsTheOldestRowsAndCountsThem()
            throws Exception
    {
        Path directory = Files.createTempDirectory("floe-history-budget");
        Spool spool = new Spool(directory, new RowCodec(), java.time.Duration.ZERO);
        HistoryStats stats = new HistoryStats();
        proxy.cut();
        HistoryPipeline pipeline = pipeline(spool, Optional.empty(), stats, 10_000, 20_000, 100, new Duration(100, MILLISECONDS));
        pipeline.start();
        try {
            // waves of 200 rows, each sealed into a segment of its own by the next commit cycle (every 100 ms)
            for (int wave = 0; wave < 10; wave++) {
                for (int i = 0; i < 200; i++) {
                    assertThat(pipeline.offer(List.of(start("budget-%s-%s".formatted(wave, i))))).isTrue();
                }
                Thread.sleep(300);
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (stats.getRowsDroppedSpoolBudget() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stats.getRowsDroppedSpoolBudget()).isPositive();
            assertThat(stats.getCommitFailures()).isPositive();
            assertThat(stats.getRowsSpooled()).isEqualTo(2_000);
            // a commit cycle enforces the budget after sealing: between cycles the spool holds at most one more segment
            assertThat(spool.size()).isLessThan(20_000 + 100 * 200);

            proxy.restore();
            assertThat(pipeline.flush(60_000)).isTrue();
            assertThat(count("query_starts", "query_id LIKE 'budget-%'")).isEqualTo(2_000 - stats.getRowsDroppedSpoolBudget());
        }
        finally {
            proxy.restore();
            pipeline.stop();
        }
    }

    @Test
    void auditRowsTheAccessControlSealedInTheInboxAreCommittedOnce()
            throws Exception
    {
        Path inbox = Files.createTempDirectory("floe-audit-inbox");
        // as history-handover's HistoryHandoverWriter writes them for the access control: one file being written, one sealed
        long now = RowCodec.micros(Instant.now());
        Files.writeString(inbox.resolve("writer-00000000000000000000.rows"), """
                {"t":"access_audit","v":{"query_id":"inbox-q1","create_time":%s,"user":"analyst","kind":"column_mask","catalog_name":"lakehouse","schema_name":"demo","table_name":"customers","column_name":"email","expression":"mask_email(email)","policies":["pii_email"],"policy_version":"v7"}}
                {"t":"access_audit","v":{"create_time":%s,"user":"guest","kind":"denied","message":"impersonate user admin: admin only","policies":["admin only"],"policy_version":"v7"}}
                """.formatted(now, now));
        Files.writeString(inbox.resolve("writer-00000000000000000001.open"), "{\"t\":\"access_audit\",\"v\":{\"query_id\":\"inbox-q2\"");
        Spool spool = new Spool(Files.createTempDirectory("floe-history-inbox-spool"), new RowCodec(), java.time.Duration.ZERO);
        HistoryPipeline pipeline = pipeline(spool, Optional.of(inbox), new HistoryStats(), 100, 1_000_000, 1_000, new Duration(200, MILLISECONDS));
        pipeline.start();
        try {
            assertThat(pipeline.flush(60_000)).isTrue();
            assertThat(reader.execute("""
                    SELECT query_id, user, kind, column_name, policies, policy_version FROM lakehouse.floe_history.access_audit
                    WHERE query_id = 'inbox-q1' OR (user = 'guest' AND message = 'impersonate user admin: admin only')
                    ORDER BY kind""").getMaterializedRows().stream().map(row -> row.getFields()).toList())
                    .containsExactly(
                            Arrays.asList("inbox-q1", "analyst", "column_mask", "email", List.of("pii_email"), "v7"),
                            Arrays.asList(null, "guest", "denied", null, List.of("admin only"), "v7"));
            try (Stream<Path> left = Files.list(inbox)) {
                assertThat(left.map(file -> file.getFileName().toString())).containsExactly("writer-00000000000000000001.open");
            }
        }
        finally {
            pipeline.stop();
        }
    }

    @Test
    void resultCacheHitsHandedOverAreCommittedOncePartitionedByHitDay()
            throws Exception
    {
        Path inbox = Files.createTempDirectory("floe-handover-inbox");
        // the result-cache service's side, through the shared writer
        try (HistoryHandoverWriter writer = new HistoryHandoverWriter(inbox)) {
            ObjectNode hit = JSON.createObjectNode()
                    .put("query_id", "cache-hit-1")
                    .put("hit_time", RowCodec.micros(Instant.parse("2026-11-23T10:35:30.123456Z")))
                    .put("user", "analyst")
                    .put("source", "trino-cli")
                    .put("session_catalog", "lakehouse")
                    .put("session_schema", "demo")
                    .put("query", "SELECT region, count(*) FROM customers GROUP BY region")
                    .put("cache_key", "key-1")
                    .put("origin_query_id", "20261123_103012_00042_abcde")
                    .put("output_rows", 3L)
                    .put("output_bytes", 96L)
                    .put("latency_ms", 2.5);
            hit.putArray("client_tags").add("dashboard");
            hit.putArray("inputs").add("lakehouse.demo.customers@4312887123391816209");
            writer.append("result_cache_hits", hit);
            // a time as an ISO string is not a row: skipped and counted, never committed wrong
            writer.append("result_cache_hits", JSON.createObjectNode().put("query_id", "cache-hit-iso").put("hit_time", "2026-11-23T10:35:30Z"));
        }
        HistoryStats stats = new HistoryStats();
        Spool spool = new Spool(Files.createTempDirectory("floe-history-handover-spool"), new RowCodec(), java.time.Duration.ZERO);
        HistoryPipeline pipeline = pipeline(spool, Optional.of(inbox), stats, 100, 1_000_000, 1_000, new Duration(200, MILLISECONDS));
        pipeline.start();
        try {
            assertThat(pipeline.flush(60_000)).isTrue();
            assertThat(reader.execute("""
                    SELECT query_id, user, source, client_tags, session_catalog, session_schema, query, cache_key, origin_query_id, inputs, output_rows, output_bytes, latency_ms
                    FROM lakehouse.floe_history.result_cache_hits
                    WHERE hit_time = TIMESTAMP '2026-11-23 10:35:30.123456 UTC'""").getMaterializedRows().stream().map(row -> row.getFields()).toList())
                    .containsExactly(Arrays.asList("cache-hit-1", "analyst", "trino-cli", List.of("dashboard"), "lakehouse", "demo", "SELECT region, count(*) FROM customers GROUP BY region",
                            "key-1", "20261123_103012_00042_abcde", List.of("lakehouse.demo.customers@4312887123391816209"), 3L, 96L, 2.5));
            assertThat(count("result_cache_hits", "query_id LIKE 'cache-hit-%'")).isEqualTo(1);
            assertThat(stats.getLinesUnreadable()).isEqualTo(1);
            assertThat(reader.execute("SELECT DISTINCT partition.hit_time_day FROM lakehouse.floe_history.\"result_cache_hits$files\"").getOnlyColumnAsSet())
                    .containsExactly(LocalDate.parse("2026-11-23"));
            try (Stream<Path> left = Files.list(inbox)) {
                assertThat(left).isEmpty();
            }
        }
        finally {
            pipeline.stop();
        }
    }

    @Test
    void maintenanceDeletesExpiredDaysAndCompactsSmallFilesWithoutLosingRows()
    {
        Namespace namespace = Namespace.of("maintenance_test");
        IcebergHistorySink sink = new IcebergHistorySink(this::catalog, namespace, "maintenance-writer");
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        // 40 days old: beyond a 30-day retention
        sink.commit(List.of(new SegmentRows(0, List.of(startAt("expired-1", now.minus(40, DAYS)), startAt("expired-2", now.minus(40, DAYS))))));
        // 29 days old: kept; then today, in ten small commits
        sink.commit(List.of(new SegmentRows(1, List.of(startAt("kept-old", now.minus(29, DAYS))))));
        for (int segment = 2; segment < 12; segment++) {
            sink.commit(List.of(new SegmentRows(segment, List.of(startAt("today-" + segment, now.minus(segment, MINUTES))))));
        }
        assertThat(files("maintenance_test", "query_starts")).containsExactlyInAnyOrder(List.of(-40L, 1L), List.of(-29L, 1L), List.of(0L, 10L));

        new HistoryMaintenance(sink, java.time.Duration.ofDays(30), 8, Clock.fixed(now, ZoneOffset.UTC)).run();

        assertThat(files("maintenance_test", "query_starts")).containsExactlyInAnyOrder(List.of(-29L, 1L), List.of(0L, 1L));
        assertThat(reader.execute("SELECT query_id FROM lakehouse.maintenance_test.query_starts ORDER BY query_id").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("kept-old", "today-2", "today-3", "today-4", "today-5", "today-6", "today-7", "today-8", "today-9", "today-10", "today-11");
    }

    /** (day relative to 2026-11-23, data files) per partition of the table. */
    private List<List<Long>> files(String schema, String table)
    {
        return reader.execute("""
                SELECT date_diff('day', DATE '2026-11-23', partition.create_time_day), count(*)
                FROM lakehouse.%s."%s$files" GROUP BY 1""".formatted(schema, table))
                .getMaterializedRows().stream()
                .map(row -> List.of(((Number) row.getField(0)).longValue(), (Long) row.getField(1)))
                .toList();
    }

    private static Row startAt(String queryId, Instant time)
    {
        return Row.builder(QUERY_STARTS).set("query_id", queryId).set("create_time", time).build();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingTheEngine()
            throws Exception
    {
        Spool spool = new Spool(Files.createTempDirectory("floe-history-queue"), new RowCodec(), java.time.Duration.ZERO);
        HistoryStats stats = new HistoryStats();
        // not started: nothing drains the queue
        HistoryPipeline pipeline = pipeline(spool, Optional.empty(), stats, 10, 1_000_000, 100, new Duration(1, SECONDS));
        long accepted = IntStream.range(0, 25).filter(i -> pipeline.offer(List.of(start("queue-" + i)))).count();
        assertThat(accepted).isEqualTo(10);
        assertThat(stats.getEventsReceived()).isEqualTo(25);
        assertThat(stats.getEventsDroppedQueueFull()).isEqualTo(15);
    }

    /** A pipeline without exports or maintenance, committing to floe_history through the proxy. */
    private HistoryPipeline pipeline(Spool spool, Optional<Path> auditInbox, HistoryStats stats, int queueCapacity, long spoolMaxBytes, long commitMaxRows, Duration commitInterval)
    {
        return new HistoryPipeline(
                spool,
                new IcebergHistorySink(this::catalog, Namespace.of("floe_history"), spool.writerId()),
                List.of(),
                auditInbox,
                Optional.empty(),
                stats,
                queueCapacity,
                spoolMaxBytes,
                commitMaxRows,
                commitInterval,
                new Duration(1, SECONDS));
    }

    private FloeHistoryListener listener(Path spool)
    {
        return (FloeHistoryListener) new FloeHistoryListenerFactory().create(Map.of(
                "history.iceberg.type", "rest",
                "history.iceberg.uri", "http://127.0.0.1:" + proxy.port(),
                "history.spool.directory", spool.toString(),
                "history.commit.interval", "500ms",
                "history.maintenance.enabled", "false"),
                TestingListenerContext.CONTEXT);
    }

    private Catalog catalog()
    {
        return CatalogUtil.buildIcebergCatalog("test", Map.of("type", "rest", "uri", "http://127.0.0.1:" + proxy.port()), new Configuration());
    }

    private static Row start(String queryId)
    {
        return Row.builder(QUERY_STARTS).set("query_id", queryId).set("create_time", Instant.now()).build();
    }

    private long count(String table, String predicate)
    {
        boolean exists = (long) reader.execute("SELECT count(*) FROM lakehouse.information_schema.tables WHERE table_schema = 'floe_history' AND table_name = '%s'".formatted(table)).getOnlyValue() > 0;
        return exists ? (long) reader.execute("SELECT count(*) FROM lakehouse.floe_history.%s WHERE %s".formatted(table, predicate)).getOnlyValue() : 0;
    }

    private void awaitCount(String table, String predicate, long expected, FloeHistoryListener listener)
            throws InterruptedException
    {
        List<Long> seen = new ArrayList<>();
        long count = Polling.poll(java.time.Duration.ofMinutes(1), java.time.Duration.ZERO, () -> {
            listener.flush(5_000);
            long rows = count(table, predicate);
            seen.add(rows);
            return rows;
        }, rows -> rows >= expected);
        assertThat(count).as("rows of %s where %s (seen %s)", table, predicate, seen).isEqualTo(expected);
    }
}
