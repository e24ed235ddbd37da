package dev.floe.ingest;

import io.trino.testing.MaterializedRow;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.floe.ingest.IngestTestCluster.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** Topics and pipelines as tables of the ingest catalog, read from a real broker through SQL. */
@TestInstance(PER_CLASS)
final class TestLiveTopics
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long BASE_TIME = 1_700_000_000_000L;
    private static final Pattern INPUT_ROWS = Pattern.compile("Input: (\\d+) rows");

    private IngestTestCluster cluster;

    @BeforeAll
    void setUp()
            throws Exception
    {
        cluster = new IngestTestCluster(1);
        // record i: partition i % 2, offset i / 2, key ki, value vi, timestamp BASE_TIME + i seconds, header h = hi
        cluster.broker.createTopic("raw", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(new ProducerRecord<>("raw", i % 2, BASE_TIME + i * 1000L, ("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8),
                    List.of(new RecordHeader("h", ("h" + i).getBytes(UTF_8)))));
        }
        cluster.produceRecords(records);
    }

    @AfterAll
    void tearDown()
    {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsAreTablesWithTheRawRecords()
    {
        assertThat(cluster.query("SHOW SCHEMAS FROM ingest").getOnlyColumnAsSet()).contains("system", "pipelines", "topics");
        assertThat(cluster.query("SHOW TABLES FROM ingest.topics").getOnlyColumnAsSet()).contains("raw");
        assertThat(cluster.query("DESCRIBE ingest.topics.raw").getMaterializedRows())
                .extracting(row -> row.getField(0) + " " + row.getField(1))
                .containsExactly("_partition integer", "_offset bigint", "_timestamp timestamp(3) with time zone", "_key varchar", "_value varchar",
                        "_key_bytes varbinary", "_value_bytes varbinary", "_headers map(varchar, varbinary)");
        assertThat(cluster.scalar("SELECT count(*) FROM ingest.information_schema.columns WHERE table_schema = 'topics' AND table_name = 'raw'")).isEqualTo(8L);

        assertThat(cluster.row("SELECT count(*), count(DISTINCT _value) FROM ingest.topics.raw")).containsExactly(40L, 40L);
        // every record where its number says it is
        assertThat(cluster.scalar("""
                SELECT count(*) FROM ingest.topics.raw
                WHERE _value = 'v' || CAST(2 * _offset + _partition AS varchar)
                  AND _key = 'k' || CAST(2 * _offset + _partition AS varchar)
                  AND from_utf8(_key_bytes) = _key AND from_utf8(_value_bytes) = _value
                  AND from_utf8(_headers['h']) = 'h' || CAST(2 * _offset + _partition AS varchar)
                  AND to_unixtime(_timestamp) * 1000 = %d + (2 * _offset + _partition) * 1000""".formatted(BASE_TIME))).isEqualTo(40L);
        assertThat(cluster.row("SELECT _partition, _offset, _key, _value, CAST(_timestamp AS varchar) FROM ingest.topics.raw WHERE _value = 'v7'"))
                .containsExactly(1, 3L, "k7", "v7", "2023-11-14 22:13:27.000 UTC");
        assertThatThrownBy(() -> cluster.query("SELECT * FROM ingest.topics.no_such_topic"))
                .hasMessageContaining("ingest.topics.no_such_topic' does not exist");
    }

    @Test
    void filtersOnPartitionOffsetAndTimestampNarrowWhatIsRead()
    {
        String partitionAndOffset = "FROM ingest.topics.raw WHERE _partition = 1 AND _offset >= 10";
        assertThat(cluster.query("SELECT _value " + partitionAndOffset).getOnlyColumnAsSet())
                .isEqualTo(IntStream.range(10, 20).mapToObj(offset -> "v" + (2 * offset + 1)).collect(Collectors.toSet()));
        assertThat(rowsRead("SELECT _value " + partitionAndOffset)).isEqualTo(10);

        String ranges = "FROM ingest.topics.raw WHERE _partition = 0 AND (_offset BETWEEN 3 AND 5 OR _offset = 15)";
        assertThat(cluster.query("SELECT _offset " + ranges).getOnlyColumnAsSet()).containsExactlyInAnyOrder(3L, 4L, 5L, 15L);
        assertThat(rowsRead("SELECT _offset " + ranges)).isEqualTo(4);

        // records 30 to 39: offsets 15 to 19 of each partition
        String time = "FROM ingest.topics.raw WHERE _timestamp >= from_unixtime(%d)".formatted((BASE_TIME + 30_000) / 1000);
        assertThat(cluster.scalar("SELECT count(*) " + time)).isEqualTo(10L);
        assertThat(rowsRead("SELECT _value " + time)).isEqualTo(10);

        assertThat(cluster.scalar("SELECT count(*) FROM ingest.topics.raw WHERE _partition = 5")).isEqualTo(0L);
        assertThat(rowsRead("SELECT _value FROM ingest.topics.raw WHERE _offset < 0")).isEqualTo(0);
        // no filter: everything
        assertThat(rowsRead("SELECT _value FROM ingest.topics.raw")).isEqualTo(40);
    }

    @Test
    void pipelineTablesHoldTheRecordsNotLandedYet()
            throws Exception
    {
        cluster.query("CREATE SCHEMA lakehouse.live");
        cluster.broker.createTopic("orders", 2);
        cluster.query("CREATE TABLE lakehouse.live.orders (id bigint, name varchar, amount decimal(10, 2), placed_at timestamp(6) with time zone, tags array(varchar), address row(city varchar))");
        cluster.query("CALL ingest.system.create_pipeline('live_orders', 'orders', 'lakehouse.live.orders', 'json', '{\"commit_interval\": \"200ms\"}')");
        cluster.produce("orders", 2, orders(0, 100));
        await("landed rows", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.live.orders"), 100L);
        await("nothing left to land", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM ingest.pipelines.live_orders"), 0L);

        cluster.query("CALL ingest.system.pause_pipeline('live_orders')");
        await("paused", TIMEOUT, () -> cluster.scalar("SELECT state FROM ingest.system.pipelines WHERE name = 'live_orders'"), "PAUSED");
        // the runner stops within a reconcile interval
        Thread.sleep(2_000);
        cluster.produce("orders", 2, orders(100, 150));
        // a record the pipeline sends to the dead-letter table is no row here either
        cluster.produceBytes("orders", 0, "not json".getBytes(UTF_8));

        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.live.orders")).isEqualTo(100L);
        assertThat(cluster.row("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM ingest.pipelines.live_orders"))
                .containsExactly(50L, 50L, 100L, 149L);
        assertThat(cluster.row("SELECT name, amount, CAST(placed_at AS varchar), tags, address.city, _partition, _offset FROM ingest.pipelines.live_orders WHERE id = 120"))
                .containsExactly("c120", new BigDecimal("120.20"), "2023-11-14 22:13:20.120000 UTC", List.of("t0"), "City 0", 0, 60L);
        // SELECT * has the target table's columns: landed and live line up without duplicates
        assertThat(cluster.row("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM (SELECT * FROM lakehouse.live.orders UNION ALL SELECT * FROM ingest.pipelines.live_orders)"))
                .containsExactly(150L, 150L, 0L, 149L);
        assertThat(cluster.query("DESCRIBE ingest.pipelines.live_orders").getMaterializedRows()).extracting(MaterializedRow::getFields)
                .isEqualTo(cluster.query("DESCRIBE lakehouse.live.orders").getMaterializedRows().stream().map(MaterializedRow::getFields).toList());
        assertThat(cluster.query("SHOW TABLES FROM ingest.pipelines").getOnlyColumnAsSet()).contains("live_orders");
        // filters on the hidden columns narrow the read here too
        assertThat(cluster.query("SELECT id FROM ingest.pipelines.live_orders WHERE _partition = 1 AND _offset >= 70").getOnlyColumnAsSet()).containsExactlyInAnyOrder(141L, 143L, 145L, 147L, 149L);

        cluster.query("CALL ingest.system.resume_pipeline('live_orders')");
        await("all rows landed", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.live.orders"), 150L);
        await("the dead letter landed", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.live.orders__dlq"), 1L);
        assertThat(cluster.scalar("SELECT count(*) FROM ingest.pipelines.live_orders")).isEqualTo(0L);
        cluster.query("CALL ingest.system.drop_pipeline('live_orders')");
    }

    private static List<String> orders(int from, int to)
    {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"id\": %d, \"name\": \"c%d\", \"amount\": %d.%02d, \"placed_at\": %d, \"tags\": [\"t%d\"], \"address\": {\"city\": \"City %d\"}}"
                        .formatted(i, i, i, i % 100, BASE_TIME + i, i % 3, i % 5))
                .toList();
    }

    /** The rows the table scan read, from EXPLAIN ANALYZE: the largest input of any operator is the scan's. */
    private long rowsRead(String query)
    {
        String plan = (String) cluster.scalar("EXPLAIN ANALYZE " + query);
        long max = 0;
        Matcher matcher = INPUT_ROWS.matcher(plan);
        while (matcher.find()) {
            max = Math.max(max, Long.parseLong(matcher.group(1)));
        }
        return max;
    }
}
