package dev.floe.history;

import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.util.List;

public final class FloeHistoryPlugin
        implements Plugin
{
    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories()
    {
        return List.of(new FloeHistoryListenerFactory());
    }
}
