package dev.floe.access.governance;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.MetadataProvider;

import static java.util.Objects.requireNonNull;

final class GovernanceModule
        implements Module
{
    private final ActiveAccessControl accessControl;
    private final MetadataProvider metadataProvider;
    private final NodeManager nodeManager;

    GovernanceModule(ActiveAccessControl accessControl, MetadataProvider metadataProvider, NodeManager nodeManager)
    {
        this.accessControl = requireNonNull(accessControl, "accessControl is null");
        this.metadataProvider = requireNonNull(metadataProvider, "metadataProvider is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    @Override
    public void configure(Binder binder)
    {
        binder.bind(ActiveAccessControl.class).toInstance(accessControl);
        binder.bind(MetadataProvider.class).toInstance(metadataProvider);
        binder.bind(NodeManager.class).toInstance(nodeManager);
        binder.bind(ExplainAccessFunction.class).in(Scopes.SINGLETON);
        binder.bind(GovernanceConnector.class).in(Scopes.SINGLETON);
    }
}
