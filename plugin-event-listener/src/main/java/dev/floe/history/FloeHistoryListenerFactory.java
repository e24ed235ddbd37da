package dev.floe.history;

import com.google.inject.Injector;
import dev.floe.history.capture.QueryEventMapper;
import dev.floe.history.kafka.KafkaExportConfig;
import dev.floe.history.kafka.KafkaExportSink;
import dev.floe.history.openlineage.OpenLineageConfig;
import dev.floe.history.openlineage.OpenLineageExportSink;
import dev.floe.history.pipeline.ExportSink;
import dev.floe.history.pipeline.HistoryPipeline;
import dev.floe.history.pipeline.HistoryStats;
import dev.floe.history.sink.HistoryMaintenance;
import dev.floe.history.sink.IcebergHistorySink;
import dev.floe.history.spool.Spool;
import dev.floe.history.table.RowCodec;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.log.Logger;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.metrics.InMemoryMetricsReporter;
import org.weakref.jmx.MBeanExporter;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

/**
 * {@code event-listener.name=floe}. Properties starting with {@value #ICEBERG_PREFIX} configure the Iceberg catalog
 * of the history tables (Iceberg's own catalog properties without the prefix: {@code type}, {@code uri},
 * {@code warehouse}, {@code io-impl}, …); the others are {@link HistoryConfig}.
 */
public final class FloeHistoryListenerFactory
        implements EventListenerFactory
{
    public static final String NAME = "floe";
    public static final String ICEBERG_PREFIX = "history.iceberg.";
    public static final String MBEAN_NAME = "dev.floe.history:name=HistoryStats";

    private static final Logger log = Logger.get(FloeHistoryListenerFactory.class);

    private final Consumer<HistoryStats> onCreate;

    public FloeHistoryListenerFactory()
    {
        this(_ -> {});
    }

    /**
     * @param onCreate told of the statistics of each listener created, for the status catalog
     */
    public FloeHistoryListenerFactory(Consumer<HistoryStats> onCreate)
    {
        this.onCreate = requireNonNull(onCreate, "onCreate is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context)
    {
        requireNonNull(config, "config is null");
        Map<String, String> catalogProperties = new HashMap<>();
        Map<String, String> producerProperties = new HashMap<>();
        Map<String, String> listenerProperties = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(ICEBERG_PREFIX)) {
                catalogProperties.put(key.substring(ICEBERG_PREFIX.length()), value);
            }
            else if (key.startsWith(KafkaExportConfig.PRODUCER_PROPERTY_PREFIX)) {
                producerProperties.put(key.substring(KafkaExportConfig.PRODUCER_PROPERTY_PREFIX.length()), value);
            }
            else {
                listenerProperties.put(key, value);
            }
        });
        // Iceberg's default reporter logs a line per commit and scan; the pipeline keeps its own commit statistics
        catalogProperties.putIfAbsent(CatalogProperties.METRICS_REPORTER_IMPL, InMemoryMetricsReporter.class.getName());
        if (!catalogProperties.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE) && !catalogProperties.containsKey(CatalogProperties.CATALOG_IMPL)) {
            throw new IllegalArgumentException("Event listener %s: set %stype (rest, jdbc, hadoop, …) or %scatalog-impl to the Iceberg catalog of the history tables"
                    .formatted(NAME, ICEBERG_PREFIX, ICEBERG_PREFIX));
        }

        Injector injector = new Bootstrap(binder -> {
            configBinder(binder).bindConfig(HistoryConfig.class);
            configBinder(binder).bindConfig(OpenLineageConfig.class);
            configBinder(binder).bindConfig(KafkaExportConfig.class);
        })
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(listenerProperties)
                .initialize();
        HistoryConfig historyConfig = injector.getInstance(HistoryConfig.class);
        List<ExportSink> exports = new ArrayList<>();
        OpenLineageConfig openLineage = injector.getInstance(OpenLineageConfig.class);
        if (openLineage.getUrl().isPresent()) {
            exports.add(new OpenLineageExportSink(openLineage));
        }
        KafkaExportConfig kafka = injector.getInstance(KafkaExportConfig.class);
        if (kafka.getBootstrapServers() != null) {
            exports.add(new KafkaExportSink(kafka, producerProperties));
        }
        else if (!producerProperties.isEmpty()) {
            throw new IllegalArgumentException("Event listener %s: %s* is set but history.kafka.bootstrap-servers is not".formatted(NAME, KafkaExportConfig.PRODUCER_PROPERTY_PREFIX));
        }

        ClassLoader pluginClassLoader = getClass().getClassLoader();
        Spool spool = new Spool(Path.of(historyConfig.getSpoolDirectory()), new RowCodec(), Duration.ofMillis(historyConfig.getSpoolSyncInterval().toMillis()));
        IcebergHistorySink sink = new IcebergHistorySink(
                () -> buildCatalog(catalogProperties, pluginClassLoader),
                Namespace.of(historyConfig.getSchema().split("\\.")),
                spool.writerId());
        Optional<HistoryMaintenance> maintenance = historyConfig.isMaintenanceEnabled()
                ? Optional.of(new HistoryMaintenance(sink, Duration.ofMillis(historyConfig.getRetention().toMillis()), historyConfig.getCompactionMinFiles(), Clock.systemUTC()))
                : Optional.empty();
        HistoryStats stats = new HistoryStats();
        HistoryPipeline pipeline = new HistoryPipeline(
                spool,
                sink,
                exports,
                Optional.ofNullable(historyConfig.getAccessAuditDirectory()).map(Path::of),
                maintenance,
                stats,
                historyConfig.getQueueCapacity(),
                historyConfig.getSpoolMaxSize().toBytes(),
                historyConfig.getCommitMaxRows(),
                historyConfig.getCommitInterval(),
                historyConfig.getMaintenanceInterval());
        QueryEventMapper mapper = new QueryEventMapper(historyConfig.isRedactLiterals(), historyConfig.getAccessAuditDirectory() == null, Optional.ofNullable(historyConfig.getNodeName()).orElseGet(FloeHistoryListenerFactory::hostName));

        MBeanExporter exporter = new MBeanExporter(ManagementFactory.getPlatformMBeanServer());
        boolean exported = export(exporter, stats);
        pipeline.start();
        onCreate.accept(stats);
        return new FloeHistoryListener(mapper, pipeline, stats, historyConfig.isCaptureSplits(), () -> {
            pipeline.stop();
            if (exported) {
                exporter.unexport(MBEAN_NAME);
            }
        });
    }

    private static Catalog buildCatalog(Map<String, String> properties, ClassLoader pluginClassLoader)
    {
        // Iceberg and Hadoop load implementations by name through the context class loader
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            return CatalogUtil.buildIcebergCatalog("floe_history", properties, new Configuration());
        }
    }

    private static boolean export(MBeanExporter exporter, HistoryStats stats)
    {
        try {
            exporter.export(MBEAN_NAME, stats);
            return true;
        }
        catch (RuntimeException e) {
            // a second listener in one JVM (tests): the first keeps the name
            log.warn("Cannot export %s: %s", MBEAN_NAME, e.getMessage());
            return false;
        }
    }

    private static String hostName()
    {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
