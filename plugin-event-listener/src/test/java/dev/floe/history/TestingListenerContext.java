package dev.floe.history;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;

public final class TestingListenerContext
        implements EventListenerContext
{
    public static final EventListenerContext CONTEXT = new TestingListenerContext();

    @Override
    public String getVersion()
    {
        return "476";
    }

    @Override
    public OpenTelemetry getOpenTelemetry()
    {
        return OpenTelemetry.noop();
    }

    @Override
    public Tracer getTracer()
    {
        return OpenTelemetry.noop().getTracer("test");
    }
}
