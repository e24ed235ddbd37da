package dev.floe.history.kafka;

import dev.floe.history.table.Row;
import dev.floe.history.table.RowCodec;
import dev.floe.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.floe.history.table.HistoryTables.QUERIES;
import static dev.floe.history.table.HistoryTables.QUERY_TABLES;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Batches of history rows through a real broker: each row is one message of its table's topic, its RowCodec line
 * keyed by query id, with the rows of a query in one partition in batch order; and a delivery that the brokers do not
 * acknowledge fails within the delivery timeout.
 */
@TestInstance(PER_CLASS)
final class TestKafkaExportSink
{
    private static final String FIRST = "20261123_100000_00001_abcde";
    private static final String SECOND = "20261123_100000_00002_fghij";
    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00.123456Z");
    private static final long CREATED_MICROS = 1795428000123456L;

    private KafkaBroker broker;

    @BeforeAll
    void startBroker()
    {
        broker = KafkaBroker.start();
        broker.createTopic("floe_history.queries", 3);
        broker.createTopic("floe_history.query_tables", 3);
        broker.createTopic("audit.queries", 1);
    }

    @AfterAll
    void closeBroker()
    {
        broker.close();
    }

    @Test
    void publishesEachRowAsItsJsonLineKeyedByQueryId()
            throws Exception
    {
        Row finished = Row.builder(QUERIES)
                .set("query_id", FIRST)
                .set("state", "FINISHED")
                .set("query_type", "SELECT")
                .set("user", "alice")
                .set("groups", List.of("analysts"))
                .set("session_properties", Map.of("query_max_run_time", "1h"))
                .set("query", "SELECT \"name\" FROM nation")
                .set("create_time", CREATED)
                .set("end_time", Instant.parse("2026-11-23T10:00:05Z"))
                .set("cpu_ms", 12L)
                .set("cumulative_memory", 1.5)
                .set("output_rows", 25L)
                .build();
        Row failed = Row.builder(QUERIES)
                .set("query_id", SECOND)
                .set("state", "FAILED")
                .set("user", "bob")
                .set("create_time", CREATED)
                .set("error_code", "TABLE_NOT_FOUND")
                .set("failure_message", "line 1:15: Table 'lakehouse.sales.missing' does not exist")
                .build();
        List<Row> tables = List.of(
                queryTable(FIRST, "alice", "orders", "read"),
                queryTable(SECOND, "bob", "nation", "read"),
                queryTable(FIRST, "alice", "customer", "read"),
                queryTable(SECOND, "bob", "region", "read"),
                queryTable(FIRST, "alice", "summary", "write"));

        try (KafkaExportSink sink = new KafkaExportSink(new KafkaExportConfig().setBootstrapServers(broker.bootstrapServers()), Map.of())) {
            assertThat(sink.name()).isEqualTo("kafka");
            sink.deliver(1, Stream.concat(Stream.of(finished, failed), tables.stream()).toList());
            sink.deliver(2, List.of(queryTable(FIRST, "alice", "late", "read")));
        }

        List<ConsumerRecord<String, String>> queries = readAll("floe_history.queries");
        assertThat(queries)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        tuple(FIRST, "{\"t\":\"queries\",\"v\":{\"query_id\":\"" + FIRST + "\",\"state\":\"FINISHED\",\"query_type\":\"SELECT\",\"user\":\"alice\"," +
                                "\"groups\":[\"analysts\"],\"session_properties\":{\"query_max_run_time\":\"1h\"},\"query\":\"SELECT \\\"name\\\" FROM nation\"," +
                                "\"create_time\":1795428000123456,\"end_time\":1795428005000000,\"cpu_ms\":12,\"cumulative_memory\":1.5,\"output_rows\":25}}"),
                        tuple(SECOND, "{\"t\":\"queries\",\"v\":{\"query_id\":\"" + SECOND + "\",\"state\":\"FAILED\",\"user\":\"bob\",\"create_time\":1795428000123456," +
                                "\"error_code\":\"TABLE_NOT_FOUND\",\"failure_message\":\"line 1:15: Table 'lakehouse.sales.missing' does not exist\"}}"));
        RowCodec codec = new RowCodec();
        assertThat(queries).extracting(message -> codec.read(message.value()).orElseThrow()).containsExactlyInAnyOrder(finished, failed);

        Map<String, List<ConsumerRecord<String, String>>> tablesByQuery = readAll("floe_history.query_tables").stream().collect(groupingBy(ConsumerRecord::key));
        assertThat(tablesByQuery).containsOnlyKeys(FIRST, SECOND);
        // a topic's order holds within a partition: one query's rows, in one partition, come back as delivered
        assertThat(tablesByQuery.get(FIRST))
                .extracting(ConsumerRecord::value)
                .containsExactly(
                        queryTableJson(FIRST, "alice", "orders", "read"),
                        queryTableJson(FIRST, "alice", "customer", "read"),
                        queryTableJson(FIRST, "alice", "summary", "write"),
                        queryTableJson(FIRST, "alice", "late", "read"));
        assertThat(tablesByQuery.get(SECOND))
                .extracting(ConsumerRecord::value)
                .containsExactly(
                        queryTableJson(SECOND, "bob", "nation", "read"),
                        queryTableJson(SECOND, "bob", "region", "read"));
        assertThat(tablesByQuery.values()).allSatisfy(messages -> assertThat(messages).extracting(ConsumerRecord::partition).containsOnly(messages.getFirst().partition()));
    }

    @Test
    void publishesToTheTopicsOfItsPrefix()
            throws Exception
    {
        KafkaExportConfig config = new KafkaExportConfig()
                .setBootstrapServers(broker.bootstrapServers())
                .setTopicPrefix("audit.");
        Row row = Row.builder(QUERIES).set("query_id", FIRST).set("create_time", CREATED).build();
        try (KafkaExportSink sink = new KafkaExportSink(config, Map.of())) {
            sink.deliver(7, List.of(row));
        }
        assertThat(readAll("audit.queries"))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple(FIRST, "{\"t\":\"queries\",\"v\":{\"query_id\":\"" + FIRST + "\",\"create_time\":1795428000123456}}"));
    }

    @Test
    void passesProducerPropertiesThrough()
    {
        Row row = Row.builder(QUERIES).set("query_id", FIRST).set("create_time", CREATED).set("query", "SELECT 1").build();
        try (KafkaExportSink sink = new KafkaExportSink(new KafkaExportConfig().setBootstrapServers(broker.bootstrapServers()), Map.of("max.request.size", "64"))) {
            assertThatThrownBy(() -> sink.deliver(1, List.of(row)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Kafka did not acknowledge 1 of the 1 history rows up to segment 1")
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void rejectsAMissingBrokerListAndPropertiesItSetsItself()
    {
        assertThatThrownBy(() -> new KafkaExportSink(new KafkaExportConfig(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history.kafka.bootstrap-servers is required for the Kafka export");
        for (String property : List.of("acks", "enable.idempotence", "delivery.timeout.ms", "transactional.id", "bootstrap.servers")) {
            assertThatThrownBy(() -> new KafkaExportSink(new KafkaExportConfig().setBootstrapServers(broker.bootstrapServers()), Map.of(property, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("history.kafka.producer.%s is set by the Kafka export itself", property);
        }
    }

    @Test
    void failsWithinTheDeliveryTimeoutOnceTheBrokerIsGone()
            throws Exception
    {
        Duration timeout = Duration.ofSeconds(2);
        Row row = Row.builder(QUERIES).set("query_id", FIRST).set("create_time", CREATED).build();
        try (KafkaBroker gone = KafkaBroker.start()) {
            gone.createTopic("floe_history.queries", 1);
            KafkaExportConfig config = new KafkaExportConfig()
                    .setBootstrapServers(gone.bootstrapServers())
                    .setDeliveryTimeout(new io.airlift.units.Duration(timeout.toMillis(), MILLISECONDS));
            try (KafkaExportSink sink = new KafkaExportSink(config, Map.of())) {
                sink.deliver(1, List.of(row));
                gone.close();

                // first with the topic's metadata at hand (the records expire), then with a new producer that has none
                for (long segment = 2; segment <= 3; segment++) {
                    long start = System.nanoTime();
                    long attempt = segment;
                    assertThatThrownBy(() -> sink.deliver(attempt, List.of(row, row)))
                            .isInstanceOf(IOException.class)
                            .hasMessageStartingWith("Kafka did not acknowledge 2 of the 2 history rows up to segment " + segment);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
                }
            }
        }
    }

    private static Row queryTable(String queryId, String user, String table, String access)
    {
        return Row.builder(QUERY_TABLES)
                .set("query_id", queryId)
                .set("create_time", CREATED)
                .set("user", user)
                .set("access", access)
                .set("catalog_name", "lakehouse")
                .set("schema_name", "sales")
                .set("table_name", table)
                .set("columns", List.of("id", "total"))
                .set("snapshot_id", 42L)
                .set("directly_referenced", true)
                .build();
    }

    private static String queryTableJson(String queryId, String user, String table, String access)
    {
        return "{\"t\":\"query_tables\",\"v\":{\"query_id\":\"%s\",\"create_time\":%s,\"user\":\"%s\",\"access\":\"%s\",\"catalog_name\":\"lakehouse\",\"schema_name\":\"sales\",\"table_name\":\"%s\",\"columns\":[\"id\",\"total\"],\"snapshot_id\":42,\"directly_referenced\":true}}"
                .formatted(queryId, CREATED_MICROS, user, access, table);
    }

    private List<ConsumerRecord<String, String>> readAll(String topic)
    {
        return broker.readAll(topic, IsolationLevel.READ_COMMITTED);
    }
}
