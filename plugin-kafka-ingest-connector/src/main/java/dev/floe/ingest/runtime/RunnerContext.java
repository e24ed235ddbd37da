package dev.floe.ingest.runtime;

import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.pipeline.TableName;
import dev.floe.ingest.store.PipelineStore;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Clock;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** What every runner of a node shares: the target catalog, Kafka settings, the definitions, the timing defaults and where failures are told. */
public record RunnerContext(
        Catalog catalog,
        String targetCatalog,
        KafkaClients kafka,
        PipelineStore store,
        String nodeId,
        Duration defaultCommitInterval,
        Duration maxRetryDelay,
        FailureWebhook webhook,
        Clock clock)
{
    public RunnerContext
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(targetCatalog, "targetCatalog is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(store, "store is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(defaultCommitInterval, "defaultCommitInterval is null");
        requireNonNull(maxRetryDelay, "maxRetryDelay is null");
        requireNonNull(webhook, "webhook is null");
        requireNonNull(clock, "clock is null");
    }

    public static TableIdentifier identifier(TableName table)
    {
        return TableIdentifier.of(Namespace.of(table.schema()), table.table());
    }

    /** The {@code dead_letter_table} option, or the target's name with {@code __dlq} appended, in the same schema. */
    public static TableName deadLetterTable(TableName target, PipelineOptions options)
    {
        return options.deadLetterTable()
                .map(text -> TableName.parse("option dead_letter_table", text, target.catalog()))
                .orElseGet(() -> new TableName(target.catalog(), target.schema(), target.table() + "__dlq"));
    }

    public Duration commitInterval(PipelineOptions options)
    {
        return options.commitInterval().map(interval -> Duration.ofMillis(interval.toMillis())).orElse(defaultCommitInterval);
    }
}
