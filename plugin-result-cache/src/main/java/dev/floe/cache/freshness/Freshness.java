package dev.floe.cache.freshness;

import io.trino.spi.connector.MaterializedViewFreshness;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How current a view's stored result is. {@code lastFreshTime} is the last moment the stored result is known to
 * have been current; the engine serves it while {@code query start - lastFreshTime} is within the view's grace
 * period and otherwise runs the view's query. Without it the view is always run.
 */
public record Freshness(MaterializedViewFreshness.Freshness state, Optional<Instant> lastFreshTime, String detail)
{
    public Freshness
    {
        requireNonNull(state, "state is null");
        requireNonNull(lastFreshTime, "lastFreshTime is null");
        requireNonNull(detail, "detail is null");
    }

    public static Freshness fresh()
    {
        return new Freshness(MaterializedViewFreshness.Freshness.FRESH, Optional.empty(), "every source is at the snapshot it was refreshed from");
    }

    public static Freshness unusable(String detail)
    {
        return new Freshness(MaterializedViewFreshness.Freshness.STALE, Optional.empty(), detail);
    }

    public static Freshness stale(Instant lastFreshTime, String detail)
    {
        return new Freshness(MaterializedViewFreshness.Freshness.STALE, Optional.of(lastFreshTime), detail);
    }

    public MaterializedViewFreshness toSpi()
    {
        return new MaterializedViewFreshness(state, lastFreshTime);
    }
}
