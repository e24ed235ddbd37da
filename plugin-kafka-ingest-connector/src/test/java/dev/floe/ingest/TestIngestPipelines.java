package dev.floe.ingest;

import io.trino.testing.MaterializedRow;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.floe.ingest.IngestTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** Pipelines created in SQL, from a real broker into real Iceberg tables, read back through Trino. */
@TestInstance(PER_CLASS)
final class TestIngestPipelines
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private IngestTestCluster cluster;

    @BeforeAll
    void setUp()
            throws Exception
    {
        cluster = new IngestTestCluster(1);
        cluster.query("CREATE SCHEMA lakehouse.raw");
    }

    @AfterAll
    void tearDown()
    {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void jsonRecordsLandWithExactlyTheProducedContent()
            throws Exception
    {
        cluster.broker.createTopic("orders", 4);
        cluster.query("CREATE TABLE lakehouse.raw.orders (id bigint, customer varchar, amount decimal(10, 2), placed_at timestamp(6) with time zone, tags array(varchar), address row(city varchar, zip varchar))");
        List<String> values = IntStream.range(0, 10_000)
                .mapToObj(i -> """
                        {"id": %d, "customer": "c%d", "amount": "%d.%02d", "placed_at": %d, "tags": ["t%d"], "address": {"city": "City %d", "zip": "%05d"}, "extra": true}"""
                        .formatted(i, i % 97, i, i % 100, 1_700_000_000_000L + i, i % 3, i % 5, i))
                .toList();
        cluster.produce("orders", 4, values);

        cluster.query("CALL ingest.system.create_pipeline('orders', 'orders', 'lakehouse.raw.orders', 'json', '{}')");
        await("rows of orders", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.orders"), 10_000L);

        assertThat(cluster.row("SELECT count(DISTINCT id), min(id), max(id), sum(amount), count(DISTINCT customer) FROM lakehouse.raw.orders"))
                .containsExactly(10_000L, 0L, 9_999L, new java.math.BigDecimal("49995000.00").add(new java.math.BigDecimal(IntStream.range(0, 10_000).map(i -> i % 100).sum()).movePointLeft(2)), 97L);
        assertThat(cluster.row("SELECT customer, amount, CAST(placed_at AS varchar), tags, address.city, address.zip FROM lakehouse.raw.orders WHERE id = 1234"))
                .containsExactly("c70", new java.math.BigDecimal("1234.34"), "2023-11-14 22:13:21.234000 UTC", List.of("t1"), "City 4", "01234");

        assertThat(cluster.row("SELECT name, state, topic, target_table, format, unknown_fields['extra'] > 0, dead_letter_table FROM ingest.system.pipelines WHERE name = 'orders'")).containsExactly("orders", "RUNNING", "orders", "lakehouse.raw.orders", "json", true, "lakehouse.raw.orders__dlq");
        await("lag of orders", TIMEOUT, () -> cluster.scalar("SELECT lag FROM ingest.system.pipelines WHERE name = 'orders'"), 0L);
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.orders__dlq")).isEqualTo(0L);
        // the offsets are in the table itself, with the data they cover
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.\"orders$snapshots\" WHERE element_at(summary, 'floe.ingest.orders.offsets') IS NOT NULL")).isNotEqualTo(0L);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTableAndThePipelineGoesOn()
            throws Exception
    {
        cluster.broker.createTopic("payments", 2);
        cluster.query("CREATE TABLE lakehouse.raw.payments (id bigint NOT NULL, amount double, currency varchar)");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            values.add(switch (i % 100) {
                case 7 -> "{not json";
                case 13 -> "{\"id\": %d, \"amount\": \"lots\", \"currency\": \"EUR\"}".formatted(i);
                case 21 -> "{\"id\": %d, \"amount\": -5, \"currency\": \"EUR\"}".formatted(i);
                case 42 -> "{\"id\": %d, \"amount\": 1, \"currency\": \"euro\"}".formatted(i);
                case 55 -> "{\"amount\": 1, \"currency\": \"EUR\"}";
                case 77 -> "{\"id\": %d, \"amount\": 1, \"currency\": \"EUR\", \"pad\": \"%s\"}".formatted(i, "x".repeat(600));
                default -> "{\"id\": %d, \"amount\": %d.5, \"currency\": \"EUR\"}".formatted(i, i);
            });
        }
        cluster.produce("payments", 2, values);

        cluster.query("""
                CALL ingest.system.create_pipeline('payments', 'payments', 'lakehouse.raw.payments', 'json',
                '{"max_record_bytes": 500, "rules": {"amount": {"min": 0}, "currency": {"pattern": "[A-Z]{3}"}}}')""");
        await("rows and dead letters of payments", TIMEOUT, () -> cluster.scalar("SELECT (SELECT count(*) FROM lakehouse.raw.payments) + (SELECT count(*) FROM lakehouse.raw.payments__dlq)"), 1_000L);

        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.payments")).isEqualTo(940L);
        assertThat(cluster.query("SELECT error_kind, count(*) FROM lakehouse.raw.payments__dlq GROUP BY error_kind").getMaterializedRows())
                .extracting(MaterializedRow::getFields)
                .containsExactlyInAnyOrder(
                        List.of("DECODE", 10L),
                        List.of("COERCION", 20L),
                        List.of("QUALITY", 20L),
                        List.of("TOO_LARGE", 10L));
        List<Object> letter = cluster.row("SELECT pipeline, topic, from_utf8(record_value), error_message, kafka_offset >= 0, kafka_timestamp IS NOT NULL FROM lakehouse.raw.payments__dlq WHERE error_kind = 'COERCION' AND from_utf8(record_value) LIKE '%lots%' ORDER BY kafka_offset LIMIT 1");
        assertThat(letter.get(0)).isEqualTo("payments");
        assertThat(letter.get(1)).isEqualTo("payments");
        assertThat((String) letter.get(2)).contains("\"lots\"");
        assertThat((String) letter.get(3)).contains("amount").contains("'lots'").contains("double");
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.payments__dlq WHERE error_kind = 'COERCION' AND error_message LIKE '%NOT NULL%'")).isEqualTo(10L);
        await("dead letters in the status", TIMEOUT, () -> cluster.scalar("SELECT dead_letters['QUALITY'] FROM ingest.system.pipelines WHERE name = 'payments'"), 20L);
    }

    @Test
    void columnsAddedDroppedAndWidenedWithAlterTableApplyToTheNextCommit()
            throws Exception
    {
        cluster.broker.createTopic("events", 1);
        cluster.query("CREATE TABLE lakehouse.raw.events (id bigint, kind varchar, noise varchar, n integer)");
        cluster.query("CALL ingest.system.create_pipeline('events', 'events', 'lakehouse.raw.events', 'json', '{\"commit_interval\": \"200ms\"}')");
        cluster.produce("events", 1, json(0, 100));
        await("first rows", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.events"), 100L);

        cluster.query("ALTER TABLE lakehouse.raw.events ADD COLUMN source varchar");
        cluster.query("ALTER TABLE lakehouse.raw.events DROP COLUMN noise");
        cluster.query("ALTER TABLE lakehouse.raw.events ALTER COLUMN n SET DATA TYPE bigint");
        // a commit interval later the runner works with the new schema
        Thread.sleep(1_000);
        cluster.produce("events", 1, IntStream.range(100, 200)
                .mapToObj(i -> "{\"id\": %d, \"kind\": \"k\", \"noise\": \"n\", \"source\": \"app\", \"n\": %d}".formatted(i, 5_000_000_000L + i))
                .toList());
        await("all rows", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.events"), 200L);

        assertThat(cluster.row("SELECT count(source), count(*) FILTER (WHERE source = 'app'), min(n) FROM lakehouse.raw.events WHERE id >= 100")).containsExactly(100L, 100L, 5_000_000_100L);
        assertThat(cluster.row("SELECT count(source), max(n) FROM lakehouse.raw.events WHERE id < 100")).containsExactly(0L, 99L);
        assertThat(cluster.query("SHOW COLUMNS FROM lakehouse.raw.events").getMaterializedRows()).extracting(row -> row.getField(0)).containsExactly("id", "kind", "n", "source");
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.events__dlq")).isEqualTo(0L);
    }

    @Test
    void pausedPipelinesReadNothingUntilResumedAndDroppedOnesStop()
            throws Exception
    {
        cluster.broker.createTopic("clicks", 2);
        cluster.query("CREATE TABLE lakehouse.raw.clicks (id bigint, kind varchar)");
        cluster.query("CALL ingest.system.create_pipeline('clicks', 'clicks', 'lakehouse.raw.clicks', 'json', '{\"commit_interval\": \"200ms\"}')");
        cluster.produce("clicks", 2, json(0, 50));
        await("rows before the pause", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.clicks"), 50L);

        cluster.query("CALL ingest.system.pause_pipeline('clicks')");
        await("paused", TIMEOUT, () -> cluster.scalar("SELECT state FROM ingest.system.pipelines WHERE name = 'clicks'"), "PAUSED");
        cluster.produce("clicks", 2, json(50, 100));
        Thread.sleep(2_000);
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.clicks")).isEqualTo(50L);

        cluster.query("CALL ingest.system.resume_pipeline('clicks')");
        await("rows after resuming", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.clicks"), 100L);
        assertThat(cluster.scalar("SELECT count(DISTINCT id) FROM lakehouse.raw.clicks")).isEqualTo(100L);

        cluster.query("CALL ingest.system.drop_pipeline('clicks')");
        await("dropped", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM ingest.system.pipelines WHERE name = 'clicks'"), 0L);
        cluster.produce("clicks", 2, json(100, 120));
        Thread.sleep(2_000);
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.clicks")).isEqualTo(100L);
    }

    @Test
    void snapshotExpiryNeverCostsAPipelineItsOffsets()
            throws Exception
    {
        cluster.broker.createTopic("visits", 2);
        cluster.query("CREATE TABLE lakehouse.raw.visits (id bigint, kind varchar)");
        // a table in use before the pipeline, whose history maintenance has cut
        cluster.query("INSERT INTO lakehouse.raw.visits VALUES (-1, 'earlier')");
        cluster.query("INSERT INTO lakehouse.raw.visits VALUES (-2, 'earlier')");
        expireAllButTheCurrentSnapshot("visits");
        cluster.query("CALL ingest.system.create_pipeline('visits', 'visits', 'lakehouse.raw.visits', 'json', '{\"commit_interval\": \"200ms\"}')");
        cluster.produce("visits", 2, json(0, 50));
        await("rows of visits", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.visits"), 52L);

        // idle (paused here; a quiet topic does the same) while others write and every snapshot it made expires
        cluster.query("CALL ingest.system.pause_pipeline('visits')");
        await("paused", TIMEOUT, () -> cluster.scalar("SELECT state FROM ingest.system.pipelines WHERE name = 'visits'"), "PAUSED");
        cluster.query("INSERT INTO lakehouse.raw.visits VALUES (-3, 'later')");
        cluster.query("ALTER TABLE lakehouse.raw.visits EXECUTE optimize");
        expireAllButTheCurrentSnapshot("visits");
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.\"visits$snapshots\"")).isEqualTo(1L);
        cluster.produce("visits", 2, json(50, 100));
        cluster.query("CALL ingest.system.resume_pipeline('visits')");

        await("rows after resuming", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.visits"), 103L);
        assertThat(cluster.scalar("SELECT count(DISTINCT id) FROM lakehouse.raw.visits")).isEqualTo(103L);
        assertThat(cluster.scalar("SELECT state FROM ingest.system.pipelines WHERE name = 'visits'")).isEqualTo("RUNNING");
        cluster.query("CALL ingest.system.drop_pipeline('visits')");
    }

    private void expireAllButTheCurrentSnapshot(String table)
    {
        try (RESTCatalog catalog = (RESTCatalog) CatalogUtil.buildIcebergCatalog("test", Map.of("type", "rest", "uri", cluster.lakehouse.uri().toString()), null)) {
            catalog.loadTable(TableIdentifier.of("raw", table)).expireSnapshots()
                    .expireOlderThan(System.currentTimeMillis())
                    .retainLast(1)
                    .commit();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onErrorPauseCommitsWhatCameBeforeAndPauses()
            throws Exception
    {
        cluster.broker.createTopic("strict", 1);
        cluster.query("CREATE TABLE lakehouse.raw.strict (id bigint, kind varchar)");
        List<String> values = new ArrayList<>(json(0, 10));
        values.add("garbage");
        values.addAll(json(11, 20));
        cluster.produce("strict", 1, values);
        cluster.query("CALL ingest.system.create_pipeline('strict', 'strict', 'lakehouse.raw.strict', 'json', '{\"on_error\": \"pause\"}')");

        await("paused by the bad record", TIMEOUT, () -> cluster.scalar("SELECT state FROM ingest.system.pipelines WHERE name = 'strict'"), "PAUSED");
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.strict")).isEqualTo(10L);
        assertThat((String) cluster.scalar("SELECT last_error FROM ingest.system.pipelines WHERE name = 'strict'")).contains("DECODE").contains("strict-0 offset 10");
        // and the failure webhook was told, once
        await("webhook calls about strict", TIMEOUT, () -> cluster.webhookCalls.stream().filter(call -> call.contains("\"pipeline\":\"strict\"")).count(), 1L);
        assertThat(cluster.webhookCalls).filteredOn(call -> call.contains("\"pipeline\":\"strict\""))
                .singleElement().asString().contains("\"state\":\"PAUSED\"").contains("\"target_table\":\"lakehouse.raw.strict\"").contains("offset 10");
    }

    @Test
    void badInputFailsAtCreateWithAClearMessage()
    {
        cluster.broker.createTopic("known", 1);
        cluster.query("CREATE TABLE lakehouse.raw.known (id bigint, kind varchar)");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'nosuchtopic', 'lakehouse.raw.known', 'json', '{}')"))
                .hasMessageContaining("topic nosuchtopic does not exist");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'lakehouse.raw.nosuchtable', 'json', '{}')"))
                .hasMessageContaining("table lakehouse.raw.nosuchtable does not exist");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'memory.default.t', 'json', '{}')"))
                .hasMessageContaining("not in catalog lakehouse");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'lakehouse.raw.known', 'xml', '{}')"))
                .hasMessageContaining("unknown format 'xml'");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'lakehouse.raw.known', 'json', '{\"colums\": {}}')"))
                .hasMessageContaining("unknown option 'colums'");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'lakehouse.raw.known', 'json', '{\"columns\": {\"missing\": \"$.a\"}}')"))
                .hasMessageContaining("the table has no column missing");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('p1', 'known', 'lakehouse.raw.known', 'json', '{\"bootstrap_servers\": \"127.0.0.1:1\"}')"))
                .hasMessageContaining("127.0.0.1:1");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.create_pipeline('P 1', 'known', 'lakehouse.raw.known', 'json', '{}')"))
                .hasMessageContaining("is not a pipeline name");
        assertThatThrownBy(() -> cluster.query("CALL ingest.system.pause_pipeline('nosuchpipeline')"))
                .hasMessageContaining("Pipeline nosuchpipeline does not exist");
        assertThat(cluster.scalar("SELECT count(*) FROM ingest.system.pipelines WHERE name = 'p1'")).isEqualTo(0L);
    }

    private static List<String> json(int from, int to)
    {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\": %d, \"kind\": \"k%d\", \"noise\": \"n\", \"source\": \"app\", \"n\": %d}".formatted(i, i % 3, i)).toList();
    }
}
