package dev.floe.history.status;

import dev.floe.history.pipeline.HistoryStats;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code connector.name=floe_history}: the history listener's own state as a table, {@code listener.status}, on the
 * coordinator where the listener runs. Takes no properties.
 */
public final class StatusConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "floe_history";

    private final Supplier<Optional<HistoryStats>> stats;

    /**
     * @param stats the statistics of the listener this server created, once created
     */
    public StatusConnectorFactory(Supplier<Optional<HistoryStats>> stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        if (!config.isEmpty()) {
            throw new IllegalArgumentException("Catalog %s (connector %s) takes no properties; found %s".formatted(catalogName, NAME, config.keySet()));
        }
        return new StatusConnector(new StatusTable(stats));
    }
}
