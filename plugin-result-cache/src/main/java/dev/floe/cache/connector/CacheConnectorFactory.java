package dev.floe.cache.connector;

import com.google.inject.Injector;
import dev.floe.cache.CacheConfig;
import dev.floe.cache.freshness.FreshnessEvaluator;
import dev.floe.cache.freshness.IcebergTables;
import dev.floe.cache.refresh.Loopback;
import dev.floe.cache.refresh.RefreshLeases;
import dev.floe.cache.refresh.RefreshScheduler;
import dev.floe.cache.refresh.ViewRefresher;
import dev.floe.cache.store.ViewStore;
import io.airlift.bootstrap.Bootstrap;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorMetadata;
import io.trino.spi.Node;
import io.trino.spi.NodeManager;
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
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.metrics.InMemoryMetricsReporter;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

/**
 * {@code connector.name=floe_cache}. Properties starting with {@value #ICEBERG_PREFIX} configure the Iceberg catalog
 * of the storage tables (Iceberg's own catalog properties without the prefix), the same catalog as the Trino
 * catalog {@code cache.storage-catalog}; the others are {@link CacheConfig}.
 */
public final class CacheConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "floe_cache";
    public static final String ICEBERG_PREFIX = "cache.iceberg.";
    private static final String LEASE_TABLE = "refresh_leases";
    private static final int CONCURRENT_REFRESHES = 2;
    /** Concurrent lookups: the catalog reads of a freshness check (five sources cost one round trip, not five) and refreshes' plan checks. */
    private static final int LOOKUP_THREADS = 8;

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
        Map<String, String> connectorProperties = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(ICEBERG_PREFIX)) {
                catalogProperties.put(key.substring(ICEBERG_PREFIX.length()), value);
            }
            else {
                connectorProperties.put(key, value);
            }
        });
        catalogProperties.putIfAbsent(CatalogProperties.METRICS_REPORTER_IMPL, InMemoryMetricsReporter.class.getName());
        if (!catalogProperties.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE) && !catalogProperties.containsKey(CatalogProperties.CATALOG_IMPL)) {
            throw new IllegalArgumentException("Catalog %s: set %stype (rest, jdbc, …) or %scatalog-impl to the Iceberg catalog of the storage tables"
                    .formatted(catalogName, ICEBERG_PREFIX, ICEBERG_PREFIX));
        }

        Injector injector = new Bootstrap(binder -> configBinder(binder).bindConfig(CacheConfig.class))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(connectorProperties)
                .initialize();
        CacheConfig cacheConfig = injector.getInstance(CacheConfig.class);

        Catalog catalog = buildCatalog(catalogName, catalogProperties);
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            throw new IllegalArgumentException("Catalog %s: the Iceberg catalog %s cannot keep namespace properties, where cached views are defined".formatted(catalogName, catalog.getClass().getName()));
        }
        Namespace stateNamespace = Namespace.of(cacheConfig.getStateNamespace().split("\\."));
        ViewStore store = new ViewStore(namespaces, stateNamespace);
        IcebergTables tables = new IcebergTables(catalog, cacheConfig.getStorageCatalog());
        ClassLoader pluginClassLoader = getClass().getClassLoader();
        ExecutorService lookups = Executors.newFixedThreadPool(LOOKUP_THREADS, pluginThreads("floe-cache-" + catalogName + "-lookups-%s", pluginClassLoader));
        FreshnessEvaluator freshness = new FreshnessEvaluator(tables, lookups);
        Clock clock = Clock.systemUTC();
        RefreshLeases leases = new RefreshLeases(catalog, TableIdentifier.of(stateNamespace, LEASE_TABLE), clock);
        NodeManager nodeManager = context.getNodeManager();
        Loopback loopback = new Loopback(
                () -> cacheConfig.getLoopbackUri().orElseGet(() -> coordinatorUri(nodeManager)),
                cacheConfig.getRefreshUser(),
                cacheConfig.getRefreshPassword());

        ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, pluginThreads("floe-cache-" + catalogName + "-timer-%s", pluginClassLoader));
        ExecutorService refreshes = Executors.newFixedThreadPool(CONCURRENT_REFRESHES, pluginThreads("floe-cache-" + catalogName + "-refresh-%s", pluginClassLoader));
        String holder = "%s/%s/%s".formatted(nodeManager.getCurrentNode().getNodeIdentifier(), catalogName, UUID.randomUUID().toString().substring(0, 8));
        ViewRefresher refresher = new ViewRefresher(
                catalogName,
                store,
                tables,
                loopback,
                leases,
                holder,
                Duration.ofMillis(cacheConfig.getLeaseDuration().toMillis()),
                timer,
                lookups,
                clock);
        RefreshScheduler scheduler = new RefreshScheduler(
                store,
                refresher,
                timer,
                refreshes,
                Duration.ofMillis(cacheConfig.getSchedulerInterval().toMillis()),
                Duration.ofMillis(cacheConfig.getMaxRetryDelay().toMillis()),
                clock);
        ViewPropertyNames propertyNames = new ViewPropertyNames(cacheConfig.getStorageCatalog(), cacheConfig.getStorageSchema());
        if (nodeManager.getCurrentNode().isCoordinator()) {
            scheduler.start();
        }
        return new CacheConnector(
                () -> new ClassLoaderSafeConnectorMetadata(new CacheMetadata(catalogName, store, tables, freshness, refresher, propertyNames, refreshes, clock), pluginClassLoader),
                new ViewsTable(catalogName, store, freshness, scheduler, refresher, propertyNames, pluginClassLoader),
                propertyNames.properties(),
                () -> {
                    timer.shutdownNow();
                    refreshes.shutdownNow();
                    lookups.shutdownNow();
                });
    }

    /** Threads whose context class loader is the plugin's: Iceberg and Hadoop load implementations through it. */
    private static ThreadFactory pluginThreads(String nameFormat, ClassLoader pluginClassLoader)
    {
        ThreadFactory daemons = daemonThreadsNamed(nameFormat);
        return runnable -> {
            Thread thread = daemons.newThread(runnable);
            thread.setContextClassLoader(pluginClassLoader);
            return thread;
        };
    }

    private static URI coordinatorUri(NodeManager nodeManager)
    {
        Node coordinator = nodeManager.getCurrentNode().isCoordinator()
                ? nodeManager.getCurrentNode()
                : nodeManager.getAllNodes().stream().filter(Node::isCoordinator).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No coordinator is known yet; set cache.loopback-uri"));
        return URI.create("http://" + coordinator.getHostAndPort());
    }

    private Catalog buildCatalog(String catalogName, Map<String, String> properties)
    {
        // Iceberg and Hadoop load implementations by name through the context class loader
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            return CatalogUtil.buildIcebergCatalog("floe_cache_" + catalogName, properties, new Configuration());
        }
    }
}
