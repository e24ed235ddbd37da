package dev.floe.cache.connector;

import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorCapabilities;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** The {@code cache} catalog: cached views in the schemas users create, and {@code system.views}. */
final class CacheConnector
        implements Connector
{
    private final Supplier<ConnectorMetadata> metadata;
    private final SystemTable viewsTable;
    private final List<PropertyMetadata<?>> viewProperties;
    private final Runnable shutdown;

    CacheConnector(Supplier<ConnectorMetadata> metadata, SystemTable viewsTable, List<PropertyMetadata<?>> viewProperties, Runnable shutdown)
    {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.viewsTable = requireNonNull(viewsTable, "viewsTable is null");
        this.viewProperties = List.copyOf(viewProperties);
        this.shutdown = requireNonNull(shutdown, "shutdown is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return CacheTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction)
    {
        return metadata.get();
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return Set.of(viewsTable);
    }

    @Override
    public List<PropertyMetadata<?>> getMaterializedViewProperties()
    {
        return viewProperties;
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return CacheSessionProperties.properties();
    }

    @Override
    public Set<ConnectorCapabilities> getCapabilities()
    {
        return Set.of(ConnectorCapabilities.MATERIALIZED_VIEW_GRACE_PERIOD);
    }

    @Override
    public void shutdown()
    {
        shutdown.run();
    }
}
