package dev.floe.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.floe.history.status.StatusConnectorFactory;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.Polling;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** A workload through the engine, and the exact history rows it must produce. */
@TestInstance(PER_CLASS)
final class TestHistoryListener
{
    private final List<String> lineageEvents = new CopyOnWriteArrayList<>();
    private HttpServer lineageServer;
    private LakehouseCatalog lakehouse;
    private FloeHistoryListener listener;
    private QueryRunner runner;

    @BeforeAll
    void setUp()
            throws Exception
    {
        lakehouse = LakehouseCatalog.start();
        // an OpenLineage endpoint (as Marquez's) that keeps what it receives
        lineageServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        lineageServer.createContext("/api/v1/lineage", exchange -> {
            lineageEvents.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        lineageServer.start();
        Path spool = Files.createTempDirectory("floe-history-spool");
        listener = (FloeHistoryListener) new FloeHistoryListenerFactory().create(Map.of(
                "history.iceberg.type", "rest",
                "history.iceberg.uri", lakehouse.uri().toString(),
                "history.spool.directory", spool.toString(),
                "history.commit.interval", "1s",
                "history.node-name", "test-node",
                "history.capture-splits", "true",
                "history.openlineage.url", "http://127.0.0.1:" + lineageServer.getAddress().getPort()),
                TestingListenerContext.CONTEXT);
        runner = FloeQueryRunner.builder()
                .withLakehouse("lakehouse", lakehouse)
                // the runner gives its listeners to the coordinator only: no workers, so every split runs where the listener is
                .withEventListener(listener)
                // the status catalog of FloeHistoryPlugin, on this listener (installing the plugin itself would have
                // Trino's testing server create a listener from an empty configuration)
                .withPlugin(new Plugin()
                {
                    @Override
                    public Iterable<ConnectorFactory> getConnectorFactories()
                    {
                        return List.of(new StatusConnectorFactory(() -> Optional.of(listener.stats())));
                    }
                })
                .withCatalog("history", "floe_history", Map.of())
                .withUser("admin")
                .build();
        runner.execute("CREATE SCHEMA lakehouse.demo");
    }

    @AfterAll
    void tearDown()
    {
        if (runner != null) {
            runner.close();
        }
        if (listener != null) {
            listener.shutdown();
        }
        if (lakehouse != null) {
            lakehouse.close();
        }
        if (lineageServer != null) {
            lineageServer.stop(0);
        }
    }

    @Test
    void ctasRecordsQueryTablesAndColumnLineage()
            throws Exception
    {
        String sql = "CREATE TABLE lakehouse.demo.order_totals AS SELECT orderkey, totalprice * 2 AS doubled, upper(orderstatus) AS status FROM tpch.tiny.orders";
        String queryId = queryId(sql);

        MaterializedRow query = single("SELECT state, update_type, user, query, written_rows, error_code, session_catalog FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(queryId));
        assertThat(query.getFields()).containsExactly("FINISHED", "CREATE TABLE", "admin", sql, 15000L, null, "tpch");
        assertThat(single("SELECT state, query FROM lakehouse.floe_history.query_starts WHERE query_id = '%s'".formatted(queryId)).getFields())
                .containsExactly("QUEUED", sql);

        assertThat(rows("SELECT access, catalog_name, schema_name, table_name FROM lakehouse.floe_history.query_tables WHERE query_id = '%s' ORDER BY access".formatted(queryId)))
                .containsExactly(
                        List.of("read", "tpch", "tiny", "orders"),
                        List.of("write", "lakehouse", "demo", "order_totals"));

        assertThat(rows("SELECT target_table, target_column, source_table, source_column FROM lakehouse.floe_history.column_lineage WHERE query_id = '%s' ORDER BY target_column".formatted(queryId)))
                .containsExactly(
                        List.of("order_totals", "doubled", "orders", "totalprice"),
                        List.of("order_totals", "orderkey", "orders", "orderkey"),
                        List.of("order_totals", "status", "orders", "orderstatus"));
    }

    @Test
    void writesAreExportedAsOpenLineageRunsWithColumnLineage()
            throws Exception
    {
        String queryId = queryId("CREATE TABLE lakehouse.demo.lineage_export AS SELECT nationkey, upper(name) AS loud_name FROM tpch.tiny.nation");
        single("SELECT 1 FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(queryId));
        assertThat(flushAndAwait(() -> runEvents(queryId).size() == 2)).as("two events of %s among %s", queryId, lineageEvents).isTrue();

        List<JsonNode> events = runEvents(queryId);
        assertThat(events).extracting(event -> event.get("eventType").asText()).containsExactly("START", "COMPLETE");
        assertThat(events.get(0).get("run").get("runId")).isEqualTo(events.get(1).get("run").get("runId"));
        JsonNode complete = events.get(1);
        assertThat(complete.get("inputs").get(0).get("name").asText()).isEqualTo("tpch.tiny.nation");
        JsonNode output = complete.get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("lakehouse.demo.lineage_export");
        assertThat(output.get("facets").get("columnLineage").get("fields").get("loud_name").get("inputFields").get(0).get("field").asText()).isEqualTo("name");
    }

    @Test
    void viewsAndMergeAreTracedToTheirBaseTables()
            throws Exception
    {
        runner.execute("CREATE TABLE lakehouse.demo.merge_target AS SELECT nationkey, name FROM tpch.tiny.nation WHERE nationkey < 5");
        runner.execute("CREATE VIEW lakehouse.demo.nation_view AS SELECT nationkey, upper(name) AS name FROM tpch.tiny.nation");
        String viewQuery = queryId("SELECT count(*) FROM lakehouse.demo.nation_view WHERE name LIKE 'A%'");
        String merge = queryId("""
                MERGE INTO lakehouse.demo.merge_target t USING lakehouse.demo.nation_view v ON t.nationkey = v.nationkey
                WHEN MATCHED THEN UPDATE SET name = v.name
                WHEN NOT MATCHED THEN INSERT VALUES (v.nationkey, v.name)""");

        // the view is what the query named; the base table is read through it
        assertThat(single("SELECT 1 FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(viewQuery)).getFields()).containsExactly(1);
        assertThat(rows("SELECT catalog_name, schema_name, table_name, directly_referenced, reference_chain FROM lakehouse.floe_history.query_tables WHERE query_id = '%s' ORDER BY table_name".formatted(viewQuery)))
                .containsExactly(
                        List.of("tpch", "tiny", "nation", false, List.of("view lakehouse.demo.nation_view")),
                        List.of("lakehouse", "demo", "nation_view", true, List.of()));

        // (Trino 476 reports written_rows = 0 for MERGE on Iceberg; the history keeps what the engine reports)
        assertThat(single("SELECT state, update_type FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(merge)).getFields())
                .containsExactly("FINISHED", "MERGE");
        assertThat(rows("SELECT access, table_name FROM lakehouse.floe_history.query_tables WHERE query_id = '%s' ORDER BY access, table_name".formatted(merge)))
                .containsExactly(List.of("read", "merge_target"), List.of("read", "nation"), List.of("read", "nation_view"), List.of("write", "merge_target"));
        // Trino 476 names the view's columns as the sources (and gives MERGE no column lineage); the tables behind the
        // view are in query_tables, reached through it
        String insert = queryId("INSERT INTO lakehouse.demo.merge_target SELECT nationkey, name FROM lakehouse.demo.nation_view WHERE nationkey >= 20");
        single("SELECT 1 FROM lakehouse.floe_history.queries WHERE query_id = '%s'".formatted(insert));
        assertThat(rows("SELECT target_column, source_catalog, source_table, source_column FROM lakehouse.floe_history.column_lineage WHERE query_id = '%s' ORDER BY 1".formatted(insert)))
                .containsExactly(List.of("name", "lakehouse", "nation_view", "name"), List.of("nationkey", "lakehouse", "nation_view", "nationkey"));
        assertThat(rows("SELECT table_name, reference_chain FROM lakehouse.floe_history.query_tables WHERE query_id = '%s' AND NOT directly_referenced".formatted(insert)))
                .containsExactly(List.of("nation", List.of("view lakehouse.demo.nation_view")));
    }

    @Test
    void theStatusCatalogShowsTheListenersCounters()
            throws Exception
    {
        runner.execute("SELECT 'status'");
        flush();
        assertThat(single("SELECT events_received > 0, rows_committed > 0, commits > 0, commit_failures, events_dropped_queue_full, last_commit_time IS NOT NULL, last_error FROM history.listener.status").getFields())
                .containsExactly(true, true, true, 0L, 0L, true, null);
        assertThat(runner.execute("SHOW TABLES FROM history.listener").getOnlyColumnAsSet()).containsExactly("status");
    }

    @Test
    void readsRecordTheIcebergSnapshotTheyRead()
            throws Exception
    {
        runner.execute("CREATE TABLE lakehouse.demo.snapshots_read AS SELECT * FROM tpch.tiny.nation");
        runner.execute("INSERT INTO lakehouse.demo.snapshots_read SELECT * FROM tpch.tiny.nation WHERE nationkey < 3");
        long snapshot = (long) runner.execute("SELECT snapshot_id FROM lakehouse.demo.\"snapshots_read$snapshots\" ORDER BY committed_at DESC LIMIT 1").getOnlyValue();
        String queryId = queryId("SELECT count(*), max(name) FROM lakehouse.demo.snapshots_read");

        assertThat(single("SELECT snapshot_id, columns, connector_name FROM lakehouse.floe_history.query_tables WHERE query_id = '%s'".formatted(queryId)).getFields())
                .containsExactly(snapshot, List.of("name"), "iceberg");
    }

    @Test
    void failedQueriesRecordTheirError()
            throws Exception
    {
        String sql = "SELECT * FROM lakehouse.demo.no_such_table /* failed-query-marker */";
        assertThatThrownBy(() -> runner.execute(sql)).hasMessageContaining("does not exist");

        assertThat(single("SELECT state, error_code, error_type, failure_message LIKE '%%no_such_table%%' FROM lakehouse.floe_history.queries WHERE query = '%s'".formatted(sql.replace("'", "''"))).getFields())
                .containsExactly("FAILED", "TABLE_NOT_FOUND", "USER_ERROR", true);
    }

    @Test
    void splitsAreSummedPerQueryAndStage()
            throws Exception
    {
        String queryId = queryId("SELECT count(*) FROM tpch.tiny.lineitem");

        // the leaf stage reads every row of lineitem (60,175 at tiny scale); split events may still arrive after
        // the query returned, so wait for them
        String sql = """
                SELECT coalesce(sum(positions) FILTER (WHERE catalog_name = 'tpch'), 0), bool_and(starts_with(stage_id, '%s.')), array_agg(DISTINCT node)
                FROM lakehouse.floe_history.query_splits WHERE query_id = '%s' GROUP BY query_id""".formatted(queryId, queryId);
        long deadline = System.currentTimeMillis() + 30_000;
        MaterializedRow splits;
        do {
            flush();
            splits = single(sql);
        }
        while (!splits.getField(0).equals(60175L) && System.currentTimeMillis() < deadline);
        assertThat(splits.getFields()).containsExactly(60175L, true, List.of("test-node"));
    }

    @Test
    void stagesCarryTheStatisticsOfAllTheirTasks()
            throws Exception
    {
        String queryId = queryId("SELECT orderstatus, count(*) FROM tpch.tiny.orders GROUP BY orderstatus");

        // the leaf stage reads all 15,000 orders; the stage CPU adds up to the query's
        MaterializedRow stages = single("""
                SELECT count(*) >= 2, max(raw_input_rows), sum(tasks) >= count(*), sum(s.cpu_ms), max(q.cpu_ms)
                FROM lakehouse.floe_history.query_stages s JOIN lakehouse.floe_history.queries q USING (query_id)
                WHERE query_id = '%s'
                GROUP BY query_id""".formatted(queryId));
        assertThat(stages.getFields().subList(0, 3)).containsExactly(true, 15000L, true);
        assertThat((long) stages.getField(3)).isBetween(0L, (long) stages.getField(4));
    }

    private String queryId(String sql)
    {
        return runner.executeWithPlan(runner.getDefaultSession(), sql).queryId().toString();
    }

    private boolean flushAndAwait(BooleanSupplier condition)
            throws InterruptedException
    {
        return Polling.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            flush();
            return false;
        }, done -> done) || condition.getAsBoolean();
    }

    /** The OpenLineage events of the query's run (its job is named after the query). */
    private List<JsonNode> runEvents(String queryId)
    {
        return lineageEvents.stream()
                .map(TestHistoryListener::json)
                .filter(event -> event.get("job").get("name").asText().equals(queryId))
                .toList();
    }

    private static JsonNode json(String text)
    {
        try {
            return new ObjectMapper().readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush()
            throws InterruptedException
    {
        assertThat(listener.flush(60_000)).as("history committed").isTrue();
    }

    /** The one row of the query, once it has one: the engine may fire a query's events after the client got its result. */
    private MaterializedRow single(String sql)
            throws InterruptedException
    {
        long deadline = System.currentTimeMillis() + 30_000;
        MaterializedResult result = runner.execute(sql);
        while (result.getRowCount() == 0 && System.currentTimeMillis() < deadline) {
            flush();
            result = runner.execute(sql);
        }
        assertThat(result.getRowCount()).as(sql).isEqualTo(1);
        return result.getMaterializedRows().getFirst();
    }

    private List<List<Object>> rows(String sql)
            throws InterruptedException
    {
        flush();
        return runner.execute(sql).getMaterializedRows().stream().map(MaterializedRow::getFields).toList();
    }
}
