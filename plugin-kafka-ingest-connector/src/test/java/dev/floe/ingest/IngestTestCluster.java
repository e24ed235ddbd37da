package dev.floe.ingest;

import com.google.common.collect.ImmutableMap;
import com.sun.net.httpserver.HttpServer;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.KafkaBroker;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.Polling;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real Kafka broker, a real lakehouse catalog server and Trino (a coordinator and a worker, both running
 * pipelines) with the {@code ingest} catalog on them.
 */
final class IngestTestCluster
        implements AutoCloseable
{
    final KafkaBroker broker;
    final LakehouseCatalog lakehouse;
    final QueryRunner runner;
    /** The bodies the connector's failure webhook posted. */
    final List<String> webhookCalls = new CopyOnWriteArrayList<>();
    private final HttpServer webhook;
    private final KafkaProducer<byte[], byte[]> producer;

    IngestTestCluster(int workers)
            throws Exception
    {
        broker = KafkaBroker.start();
        lakehouse = LakehouseCatalog.start();
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/alerts", exchange -> {
            webhookCalls.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        runner = FloeQueryRunner.builder()
                .withLakehouse("lakehouse", lakehouse)
                .withPlugin(new FloeIngestPlugin())
                .withCatalog("ingest", "floe_ingest", ImmutableMap.<String, String>builder()
                        .putAll(catalogProperties(lakehouse, broker))
                        .put("ingest.webhook-url", "http://127.0.0.1:%s/alerts".formatted(webhook.getAddress().getPort()))
                        .buildOrThrow())
                .withWorkerCount(workers)
                .withUser("admin")
                .build();
        // the testing runner creates catalogs dynamically, and a worker loads such a catalog (and so runs its
        // pipelines) only once a query uses it there: the status table is read on every node
        runner.execute("SELECT count(*) FROM ingest.system.pipelines");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Map<String, String> catalogProperties(LakehouseCatalog lakehouse, KafkaBroker broker)
    {
        return ImmutableMap.of(
                "ingest.iceberg.type", "rest",
                "ingest.iceberg.uri", lakehouse.uri().toString(),
                "ingest.kafka.bootstrap-servers", broker.bootstrapServers(),
                "ingest.commit-interval", "500ms",
                "ingest.reconcile-interval", "200ms",
                "ingest.max-retry-delay", "2s");
    }

    /** Sends the values, keyed by their index, to partitions round robin; returns once the broker has them all. */
    void produce(String topic, int partitions, List<String> values)
    {
        for (int i = 0; i < values.size(); i++) {
            producer.send(new ProducerRecord<>(topic, i % partitions, ("k" + i).getBytes(UTF_8), values.get(i) == null ? null : values.get(i).getBytes(UTF_8)));
        }
        producer.flush();
    }

    /** Sends the records as they are (partition, timestamp, key, headers); returns once the broker has them all. */
    void produceRecords(List<ProducerRecord<byte[], byte[]>> records)
    {
        records.forEach(producer::send);
        producer.flush();
    }

    void produceBytes(String topic, int partition, byte[] value)
    {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
        producer.flush();
    }

    MaterializedResult query(String sql)
    {
        return runner.execute(sql);
    }

    /** The fields of the only row of the result. */
    List<Object> row(String sql)
    {
        List<MaterializedRow> rows = runner.execute(sql).getMaterializedRows();
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of %s, got %s".formatted(sql, rows));
        }
        return rows.getFirst().getFields();
    }

    Object scalar(String sql)
    {
        return runner.execute(sql).getOnlyValue();
    }

    /** Polls until the condition holds; fails naming what was last seen. */
    static void await(String what, Duration timeout, Supplier<Object> actual, Object expected)
            throws InterruptedException
    {
        Object last = Polling.poll(timeout, Duration.ofMillis(200), () -> {
            try {
                return actual.get();
            }
            catch (RuntimeException e) {
                // e.g. a status row that is not there yet
                return e;
            }
        }, expected::equals);
        if (expected.equals(last)) {
            return;
        }
        throw new AssertionError("%s: expected %s within %s, last seen %s".formatted(what, expected, timeout, last));
    }

    @Override
    public void close()
    {
        producer.close();
        runner.close();
        webhook.stop(0);
        lakehouse.close();
        broker.close();
    }
}
