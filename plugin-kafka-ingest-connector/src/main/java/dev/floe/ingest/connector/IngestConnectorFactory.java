package dev.floe.ingest.connector;

import com.google.inject.Injector;
import dev.floe.ingest.IngestConfig;
import dev.floe.ingest.control.PipelineControl;
import dev.floe.ingest.live.LiveMetadata;
import dev.floe.ingest.live.LivePageSourceProvider;
import dev.floe.ingest.live.LiveSplitManager;
import dev.floe.ingest.runtime.FailureWebhook;
import dev.floe.ingest.runtime.KafkaClients;
import dev.floe.ingest.runtime.PipelineHost;
import dev.floe.ingest.runtime.PipelineRunner;
import dev.floe.ingest.runtime.RunnerContext;
import dev.floe.ingest.store.PipelineStore;
import dev.floe.ingest.suggest.SuggestMappingFunction;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.metrics.InMemoryMetricsReporter;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

/**
 * {@code connector.name=floe_ingest}. Properties starting with {@value #ICEBERG_PREFIX} configure the Iceberg
 * catalog of the target tables (Iceberg's own catalog properties without the prefix), those starting with
 * {@value #CONSUMER_PREFIX} are default Kafka consumer properties of every pipeline; the others are
 * {@link IngestConfig}.
 */
public final class IngestConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "floe_ingest";
    public static final String ICEBERG_PREFIX = "ingest.iceberg.";
    public static final String CONSUMER_PREFIX = "ingest.kafka.consumer.";
    // metadata requests of live tables and suggest_mapping, and its sampling
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    // a split of a live table fails when its partition returns nothing for this long
    private static final Duration LIVE_READ_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        requireNonNull(config, "config is null");
        Map<String, String> catalogProperties = new HashMap<>();
        Map<String, String> consumerProperties = new HashMap<>();
        Map<String, String> connectorProperties = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(ICEBERG_PREFIX)) {
                catalogProperties.put(key.substring(ICEBERG_PREFIX.length()), value);
            }
            else if (key.startsWith(CONSUMER_PREFIX)) {
                consumerProperties.put(key.substring(CONSUMER_PREFIX.length()), value);
            }
            else {
                connectorProperties.put(key, value);
            }
        });
        // Iceberg's default reporter logs a line per commit and scan; the status table shows commits
        catalogProperties.putIfAbsent(CatalogProperties.METRICS_REPORTER_IMPL, InMemoryMetricsReporter.class.getName());
        if (!catalogProperties.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE) && !catalogProperties.containsKey(CatalogProperties.CATALOG_IMPL)) {
            throw new IllegalArgumentException("Catalog %s: set %stype (rest, jdbc, hadoop, …) or %scatalog-impl to the Iceberg catalog of the target tables"
                    .formatted(catalogName, ICEBERG_PREFIX, ICEBERG_PREFIX));
        }

        Injector injector = new Bootstrap(binder -> configBinder(binder).bindConfig(IngestConfig.class))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(connectorProperties)
                .initialize();
        IngestConfig ingestConfig = injector.getInstance(IngestConfig.class);

        ClassLoader pluginClassLoader = getClass().getClassLoader();
        Catalog catalog = buildCatalog(catalogName, catalogProperties, pluginClassLoader);
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            throw new IllegalArgumentException("Catalog %s: the Iceberg catalog %s cannot keep namespace properties, where pipelines are stored".formatted(catalogName, catalog.getClass().getName()));
        }
        PipelineStore store = new PipelineStore(namespaces, Namespace.of(ingestConfig.getStateNamespace().split("\\.")));
        KafkaClients kafka = new KafkaClients(ingestConfig.getBootstrapServers(), consumerProperties, pluginClassLoader);
        RunnerContext runnerContext = new RunnerContext(
                catalog,
                ingestConfig.getTargetCatalog(),
                kafka,
                store,
                context.getNodeManager().getCurrentNode().getNodeIdentifier(),
                Duration.ofMillis(ingestConfig.getCommitInterval().toMillis()),
                Duration.ofMillis(ingestConfig.getMaxRetryDelay().toMillis()),
                new FailureWebhook(ingestConfig.getWebhookUrl()),
                Clock.systemUTC());
        PipelineHost host = new PipelineHost(
                runnerContext,
                context.getNodeManager(),
                definition -> new PipelineRunner(definition, runnerContext),
                Duration.ofMillis(ingestConfig.getReconcileInterval().toMillis()));
        PipelineControl control = new PipelineControl(runnerContext, host::reconcileSoon);
        IngestConnector connector = new IngestConnector(
                host,
                new PipelineProcedures(control, pluginClassLoader).procedures(),
                Set.of(new PipelinesTable(host, context.getTypeManager())),
                new LiveMetadata(runnerContext, context.getTypeManager(), KAFKA_TIMEOUT, pluginClassLoader),
                new LiveSplitManager(kafka, KAFKA_TIMEOUT),
                new LivePageSourceProvider(kafka, LIVE_READ_TIMEOUT),
                new SuggestMappingFunction(kafka, ingestConfig.getTargetCatalog(), KAFKA_TIMEOUT));
        host.start();
        return connector;
    }

    private static Catalog buildCatalog(String catalogName, Map<String, String> properties, ClassLoader pluginClassLoader)
    {
        // Iceberg and Hadoop load implementations by name through the context class loader
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            return CatalogUtil.buildIcebergCatalog("floe_ingest_" + catalogName, properties, new Configuration());
        }
    }
}
