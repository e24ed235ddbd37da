package dev.floe.history;

import dev.floe.history.pipeline.HistoryStats;
import dev.floe.history.status.StatusConnectorFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers the {@code floe} event listener and the {@code floe_history} connector, which shows that listener's
 * state as a table.
 */
public final class FloeHistoryPlugin
        implements Plugin
{
    // the listener this server created, shared with the status catalog of the same plugin instance
    private final AtomicReference<HistoryStats> stats = new AtomicReference<>();

    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories()
    {
        return List.of(new FloeHistoryListenerFactory(stats::set));
    }

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return List.of(new StatusConnectorFactory(() -> Optional.ofNullable(stats.get())));
    }
}
