package dev.floe.ingest;

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
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
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

import static dev.floe.ingest.IngestTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Two runners of one pipeline at once (a zombie and its successor, or two nodes that both believe they own it),
 * and Trino's own commits to the same table in between: every record lands exactly once.
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
