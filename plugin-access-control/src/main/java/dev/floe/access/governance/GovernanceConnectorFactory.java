package dev.floe.access.governance;

import com.google.inject.Injector;
import dev.floe.access.spi.FloeAccessControl;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The {@code floe_governance} connector: the active Floe policy as tables ({@code policy.status},
 * {@code policy.rules}, {@code policy.roles}) and the table function {@code policy.explain_access}. It takes no
 * configuration.
 */
public final class GovernanceConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "floe_governance";

    private final Supplier<Optional<FloeAccessControl>> accessControl;

    /**
     * @param accessControl the Floe access control of this server, once created
     */
    public GovernanceConnectorFactory(Supplier<Optional<FloeAccessControl>> accessControl)
    {
        this.accessControl = requireNonNull(accessControl, "accessControl is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        requireNonNull(config, "config is null");
        Injector injector = new Bootstrap(new GovernanceModule(new ActiveAccessControl(accessControl), context.getMetadataProvider(), context.getNodeManager()))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(GovernanceConnector.class);
    }
}
