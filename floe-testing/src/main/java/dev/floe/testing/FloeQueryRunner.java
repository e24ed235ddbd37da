package dev.floe.testing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.Session;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;

/**
 * In-process Trino 476 for plugin tests: a coordinator-only {@link DistributedQueryRunner} (workers only where
 * distribution is the point) with the {@code tpch} and {@code memory} catalogs, optionally an Iceberg catalog on the
 * real lakehouse catalog server ({@link Builder#withLakehouse}), and the plugins under test.
 */
public final class FloeQueryRunner
{
    private FloeQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    public static Session sessionFor(Session base, String user)
    {
        return Session.builder(base).setIdentity(Identity.ofUser(user)).build();
    }

    public static final class Builder
    {
        private final ImmutableList.Builder<Plugin> plugins = ImmutableList.builder();
        private final ImmutableList.Builder<Catalog> catalogs = ImmutableList.builder();
        private final ImmutableMap.Builder<String, String> extraProperties = ImmutableMap.builder();
        private Optional<SystemAccessControl> accessControl = Optional.empty();
        private Optional<String> lakehouseCatalog = Optional.empty();
        private Optional<LakehouseCatalog> lakehouseServer = Optional.empty();
        private final ImmutableList.Builder<EventListener> eventListeners = ImmutableList.builder();
        private int workerCount;
        private String user = "analyst";

        private Builder() {}

        public Builder withPlugin(Plugin plugin)
        {
            plugins.add(requireNonNull(plugin, "plugin is null"));
            return this;
        }

        public Builder withCatalog(String name, String connectorName, Map<String, String> properties)
        {
            catalogs.add(new Catalog(name, connectorName, properties));
            return this;
        }

        public Builder withExtraProperty(String name, String value)
        {
            extraProperties.put(name, value);
            return this;
        }

        /**
         * An Iceberg catalog of this name on a {@link LakehouseCatalog} of its own, as {@code lakehouse} is in the
         * stack: real tables, views and metadata tables. The catalog server stops when the runner closes.
         */
        public Builder withLakehouse(String catalogName)
        {
            this.lakehouseCatalog = Optional.of(requireNonNull(catalogName, "catalogName is null"));
            return this;
        }

        /** As {@link #withLakehouse(String)}, on a server the caller started and closes (e.g. one a plugin also writes to). */
        public Builder withLakehouse(String catalogName, LakehouseCatalog server)
        {
            this.lakehouseServer = Optional.of(requireNonNull(server, "server is null"));
            return withLakehouse(catalogName);
        }

        /** Listeners of every node of the runner. */
        public Builder withEventListener(EventListener listener)
        {
            eventListeners.add(requireNonNull(listener, "listener is null"));
            return this;
        }

        /** An instance, because the 476 runner resolves factory names before plugins can be installed. */
        public Builder withSystemAccessControl(SystemAccessControl accessControl)
        {
            this.accessControl = Optional.of(accessControl);
            return this;
        }

        public Builder withWorkerCount(int workerCount)
        {
            this.workerCount = workerCount;
            return this;
        }

        public Builder withUser(String user)
        {
            this.user = requireNonNull(user, "user is null");
            return this;
        }

        public QueryRunner build()
                throws Exception
        {
            Session session = testSessionBuilder()
                    .setIdentity(Identity.ofUser(user))
                    .setCatalog("tpch")
                    .setSchema("tiny")
                    .build();
            DistributedQueryRunner.Builder<?> builder = DistributedQueryRunner.builder(session)
                    .setWorkerCount(workerCount)
                    .setExtraProperties(extraProperties.buildOrThrow())
                    .setEventListeners(eventListeners.build());
            accessControl.ifPresent(builder::setSystemAccessControl);
            DistributedQueryRunner runner = builder.build();
            try {
                runner.installPlugin(new TpchPlugin());
                runner.createCatalog("tpch", "tpch", Map.of());
                runner.installPlugin(new MemoryPlugin());
                runner.createCatalog("memory", "memory", Map.of());
                if (lakehouseCatalog.isPresent()) {
                    LakehouseCatalog lakehouse;
                    if (lakehouseServer.isPresent()) {
                        lakehouse = lakehouseServer.get();
                    }
                    else {
                        lakehouse = LakehouseCatalog.start();
                        runner.registerResource(lakehouse);
                    }
                    runner.installPlugin(new IcebergPlugin());
                    runner.createCatalog(lakehouseCatalog.get(), "iceberg", lakehouse.icebergCatalogProperties());
                }
                for (Plugin plugin : plugins.build()) {
                    runner.installPlugin(plugin);
                }
                for (Catalog catalog : catalogs.build()) {
                    runner.createCatalog(catalog.name(), catalog.connectorName(), catalog.properties());
                }
                return runner;
            }
            catch (Throwable e) {
                runner.close();
                throw e;
            }
        }
    }

    private record Catalog(String name, String connectorName, Map<String, String> properties)
    {
        Catalog
        {
            requireNonNull(name, "name is null");
            requireNonNull(connectorName, "connectorName is null");
            properties = ImmutableMap.copyOf(properties);
        }
    }
}
