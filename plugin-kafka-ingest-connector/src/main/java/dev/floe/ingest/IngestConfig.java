package dev.floe.ingest;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The connector's own settings. The Iceberg catalog of the target tables is configured by the
 * {@code ingest.iceberg.*} properties (Iceberg's catalog properties) and default consumer properties of every
 * pipeline by {@code ingest.kafka.consumer.*}.
 */
public class IngestConfig
{
    private String targetCatalog = "lakehouse";
    private String stateNamespace = "floe_ingest";
    private String bootstrapServers;
    private Duration reconcileInterval = new Duration(2, SECONDS);
    private Duration commitInterval = new Duration(5, SECONDS);
    private Duration maxRetryDelay = new Duration(60, SECONDS);
    private URI webhookUrl;

    @NotNull
    @Pattern(regexp = "[a-z0-9_]+", message = "must be a Trino catalog name (lower case letters, digits, _)")
    public String getTargetCatalog()
    {
        return targetCatalog;
    }

    @Config("ingest.target-catalog")
    @ConfigDescription("Name of the Trino Iceberg catalog whose tables pipelines write to; the same catalog as ingest.iceberg.*")
    public IngestConfig setTargetCatalog(String targetCatalog)
    {
        this.targetCatalog = targetCatalog;
        return this;
    }

    @NotNull
    public String getStateNamespace()
    {
        return stateNamespace;
    }

    @Config("ingest.state-namespace")
    @ConfigDescription("Iceberg namespace whose properties hold the pipeline definitions, shared by all nodes")
    public IngestConfig setStateNamespace(String stateNamespace)
    {
        this.stateNamespace = stateNamespace;
        return this;
    }

    public Optional<String> getBootstrapServers()
    {
        return Optional.ofNullable(bootstrapServers);
    }

    @Config("ingest.kafka.bootstrap-servers")
    @ConfigDescription("Kafka cluster of pipelines whose options name none (bootstrap.servers)")
    public IngestConfig setBootstrapServers(String bootstrapServers)
    {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getReconcileInterval()
    {
        return reconcileInterval;
    }

    @Config("ingest.reconcile-interval")
    @ConfigDescription("How often each node re-reads the pipeline definitions and starts, pauses or stops its runners")
    public IngestConfig setReconcileInterval(Duration reconcileInterval)
    {
        this.reconcileInterval = reconcileInterval;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getCommitInterval()
    {
        return commitInterval;
    }

    @Config("ingest.commit-interval")
    @ConfigDescription("Commit interval of pipelines whose options set none")
    public IngestConfig setCommitInterval(Duration commitInterval)
    {
        this.commitInterval = commitInterval;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    @MaxDuration("1h")
    public Duration getMaxRetryDelay()
    {
        return maxRetryDelay;
    }

    @Config("ingest.max-retry-delay")
    @ConfigDescription("Upper bound of the exponential backoff after a failure (broker or catalog unreachable, commit failed)")
    public IngestConfig setMaxRetryDelay(Duration maxRetryDelay)
    {
        this.maxRetryDelay = maxRetryDelay;
        return this;
    }

    public Optional<URI> getWebhookUrl()
    {
        return Optional.ofNullable(webhookUrl);
    }

    @Config("ingest.webhook-url")
    @ConfigDescription("HTTP endpoint told (JSON POST) when a pipeline fails, pauses itself or stops")
    public IngestConfig setWebhookUrl(URI webhookUrl)
    {
        this.webhookUrl = webhookUrl;
        return this;
    }
}
