package dev.floe.access;

import dev.floe.access.governance.GovernanceConnectorFactory;
import dev.floe.access.spi.FloeAccessControl;
import dev.floe.access.spi.FloeAccessControlFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.security.SystemAccessControlFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers the {@code floe} system access control and the {@code floe_governance} connector, which explains
 * the policy of the access control this plugin instance created.
 */
public final class FloeAccessControlPlugin
        implements Plugin
{
    // the access control this server created, shared with the governance catalog of the same plugin instance
    private final AtomicReference<FloeAccessControl> accessControl = new AtomicReference<>();

    @Override
    public Iterable<SystemAccessControlFactory> getSystemAccessControlFactories()
    {
        return List.of(new FloeAccessControlFactory(accessControl::set));
    }

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return List.of(new GovernanceConnectorFactory(this::accessControl));
    }

    Optional<FloeAccessControl> accessControl()
    {
        return Optional.ofNullable(accessControl.get());
    }
}
