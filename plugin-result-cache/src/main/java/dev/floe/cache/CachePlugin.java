package dev.floe.cache;

import dev.floe.cache.connector.CacheConnectorFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;

import java.util.List;

/** Registers the {@code floe_cache} connector: cached views (materialized views) stored in an Iceberg catalog. */
public final class CachePlugin
        implements Plugin
{
    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return List.of(new CacheConnectorFactory());
    }
}
