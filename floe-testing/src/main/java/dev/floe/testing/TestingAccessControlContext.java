package dev.floe.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.security.SystemAccessControlFactory.SystemAccessControlContext;

/** What the server hands an access-control factory, for tests that create access controls themselves. */
public final class TestingAccessControlContext
        implements SystemAccessControlContext
{
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
        return OpenTelemetry.noop().getTracer("floe-test");
    }
}
