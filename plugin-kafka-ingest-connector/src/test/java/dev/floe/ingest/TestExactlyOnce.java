package dev.floe.ingest;

import dev.floe.ingest.commit.FencedCommitter;
import dev.floe.ingest.commit.Offsets;
import dev.floe.ingest.deadletter.DeadLetterTable;
import dev.floe.ingest.deadletter.ErrorKind;
import dev.floe.ingest.pipeline.Format;
import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineState;
import dev.floe.ingest.pipeline.TableName;
import dev.floe.ingest.runtime.FailureWebhook;
import dev.floe.ingest.runtime.KafkaClients;
import dev.floe.ingest.runtime.PipelineRunner;
import dev.floe.ingest.runtime.PipelineStatus;
import dev.floe.ingest.runtime.RunnerContext;
import dev.floe.ingest.store.PipelineStore;
import dev.floe.ingest.write.BatchWriter;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.floe.ingest.IngestTestCluster.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Two runners of one pipeline at once (a zombie and its successor, or two nodes that both believe they own it),
 * and Trino's own commits to the same table in between: every record lands exactly once. A batch whose dead
 * letters committed but not its rows is read again into exactly one of the two tables per record.
 */
@TestInstance(PER_CLASS)
final class TestExactlyOnce
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private IngestTestCluster cluster;
    private RESTCatalog catalog;

    @BeforeAll
    void setUp()
            throws Exception
    {
        cluster = new IngestTestCluster(0);
        cluster.query("CREATE SCHEMA lakehouse.raw");
        catalog = (RESTCatalog) CatalogUtil.buildIcebergCatalog("test", Map.of("type", "rest", "uri", cluster.lakehouse.uri().toString()), null);
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        if (catalog != null) {
            catalog.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoRunnersOfOnePipelineNeverDuplicateEvenWithOptimizeInBetween()
            throws Exception
    {
        int records = 100_000;
        cluster.broker.createTopic("twins", 4);
        cluster.query("CREATE TABLE lakehouse.raw.twins (id bigint, kind varchar)");
        cluster.produce("twins", 4, IntStream.range(0, records).mapToObj(i -> "{\"id\": %d, \"kind\": \"k%d\"}".formatted(i, i % 7)).toList());

        // not stored: the cluster's own nodes do not run it, only the two runners below
        PipelineDefinition pipeline = new PipelineDefinition("twins", "twins", new TableName("lakehouse", "raw", "twins"), Format.JSON,
                "{\"commit_interval\": \"300ms\", \"max_batch_records\": 5000}", Map.of(), PipelineState.RUNNING, Optional.empty(), "test", Instant.now(), 1);
        PipelineRunner first = new PipelineRunner(pipeline, context("node-a"));
        PipelineRunner second = new PipelineRunner(pipeline, context("node-b"));
        AtomicBoolean optimizing = new AtomicBoolean(true);
        Thread optimizer = Thread.ofPlatform().start(() -> {
            while (optimizing.get()) {
                try {
                    cluster.query("ALTER TABLE lakehouse.raw.twins EXECUTE optimize");
                }
                catch (RuntimeException e) {
                    // a conflict with an append is the optimizer's failure, not the pipeline's: try again
                }
            }
        });
        first.start();
        second.start();
        try {
            await("rows of twins", TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM lakehouse.raw.twins"), (long) records);
            // both keep running a little longer: nothing more may land
            Thread.sleep(2_000);
        }
        finally {
            optimizing.set(false);
            optimizer.join();
            first.stop(Duration.ofSeconds(30));
            second.stop(Duration.ofSeconds(30));
        }

        assertThat(cluster.row("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM lakehouse.raw.twins"))
                .containsExactly((long) records, (long) records, 0L, (long) records - 1);
        PipelineStatus.Snapshot a = first.status().snapshot();
        PipelineStatus.Snapshot b = second.status().snapshot();
        // the race did happen: commits were refused (the later runner of a batch loses and reads again from the
        // table's offsets; it may lose every time)
        assertThat(a.fencedCommits() + b.fencedCommits()).isPositive();
        assertThat(a.commits() + b.commits()).isPositive();
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.\"twins$snapshots\" WHERE operation = 'replace'")).isNotEqualTo(0L);
    }

    @Test
    void aBatchReadAgainAfterOnlyItsDeadLettersCommittedPutsEachRecordInExactlyOneTable()
            throws Exception
    {
        cluster.broker.createTopic("retried", 1);
        cluster.query("CREATE TABLE lakehouse.raw.retried (id bigint NOT NULL)");
        cluster.produce("retried", 1, IntStream.range(0, 20).mapToObj(i -> i == 5 || i == 15 ? "{not json" : "{\"id\": %d}".formatted(i)).toList());
        // An earlier attempt read offsets 0 to 9: 3 and 7 failed then (a registry that did not answer, say) and
        // their dead letters committed; then its node died before the rows (5 among them) committed.
        Table deadLetters = DeadLetterTable.loadOrCreate(catalog, TableIdentifier.of("raw", "retried__dlq"));
        BatchWriter earlier = new BatchWriter(deadLetters, deadLetters.schema(), "earlier-attempt");
        for (long offset : new long[] {3, 7}) {
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("retried", 0, offset, null, "{\"id\": %d}".formatted(offset).getBytes(UTF_8));
            earlier.write(DeadLetterTable.row(deadLetters.schema(), "retried", record, ErrorKind.DECODE, "schema registry: no answer", Instant.now()));
        }
        new FencedCommitter("retried", "earlier-attempt").commit(deadLetters, Offsets.NONE, Offsets.fromTopics(Map.of("retried", Map.of(0, 10L))), earlier.close());

        PipelineDefinition pipeline = new PipelineDefinition("retried", "retried", new TableName("lakehouse", "raw", "retried"), Format.JSON,
                "{\"commit_interval\": \"300ms\"}", Map.of(), PipelineState.RUNNING, Optional.empty(), "test", Instant.now(), 1);
        PipelineRunner runner = new PipelineRunner(pipeline, context("node-a"));
        runner.start();
        try {
            await("rows and dead letters of retried", TIMEOUT, () -> cluster.scalar("SELECT (SELECT count(*) FROM lakehouse.raw.retried) + (SELECT count(*) FROM lakehouse.raw.retried__dlq)"), 20L);
            Thread.sleep(1_000);
        }
        finally {
            runner.stop(Duration.ofSeconds(30));
        }

        // 3 and 7 stay dead letters, 5 (a row in the attempt that died, poison now) becomes one
        assertThat(cluster.query("SELECT id FROM lakehouse.raw.retried ORDER BY id").getOnlyColumnAsSet())
                .isEqualTo(LongStream.range(0, 20).filter(i -> i != 3 && i != 5 && i != 7 && i != 15).boxed().collect(toSet()));
        assertThat(cluster.scalar("SELECT count(*) FROM lakehouse.raw.retried")).isEqualTo(16L);
        assertThat(cluster.query("SELECT kafka_offset FROM lakehouse.raw.retried__dlq").getOnlyColumn().toList())
                .containsExactlyInAnyOrder(3L, 5L, 7L, 15L);
    }

    private RunnerContext context(String node)
    {
        return new RunnerContext(
                catalog,
                "lakehouse",
                new KafkaClients(Optional.of(cluster.broker.bootstrapServers()), Map.of(), getClass().getClassLoader()),
                new PipelineStore(catalog, Namespace.of("floe_ingest")),
                node,
                Duration.ofMillis(300),
                Duration.ofSeconds(1),
                FailureWebhook.none(),
                Clock.systemUTC());
    }
}
