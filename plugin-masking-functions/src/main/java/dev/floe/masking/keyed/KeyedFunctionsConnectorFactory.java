package dev.floe.masking.keyed;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Keyed functions need configuration (their keys), which functions registered through
 * {@code Plugin.getFunctions()} never receive; a catalog gives them a properties file,
 * the way Trino's AI functions are configured.
 */
public final class KeyedFunctionsConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "floe_masking";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");

        Bootstrap app = new Bootstrap(new KeyedFunctionsModule());
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(KeyedFunctionsConnector.class);
    }
}
