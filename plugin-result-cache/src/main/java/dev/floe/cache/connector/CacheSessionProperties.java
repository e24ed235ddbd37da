package dev.floe.cache.connector;

import dev.floe.cache.refresh.RefreshPlan;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.session.PropertyMetadata.stringProperty;

/** The catalog's session properties: only the refresh plan the refresher sends, hidden from {@code SHOW SESSION}. */
public final class CacheSessionProperties
{
    private CacheSessionProperties() {}

    public static List<PropertyMetadata<?>> properties()
    {
        return List.of(stringProperty(RefreshPlan.SESSION_PROPERTY, "Internal: what a refresh statement reads (set by the refresher only)", "", true));
    }

    public static Optional<RefreshPlan> refreshPlan(ConnectorSession session)
    {
        String value = session.getProperty(RefreshPlan.SESSION_PROPERTY, String.class);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(RefreshPlan.decode(value));
    }
}
