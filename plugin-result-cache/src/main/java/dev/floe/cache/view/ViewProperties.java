package dev.floe.cache.view;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The properties of {@code CREATE MATERIALIZED VIEW … WITH (…)}: where the result is stored, when it is refreshed
 * (an interval or a cron schedule, or only by {@code REFRESH}) and which column marks new rows.
 */
public record ViewProperties(
        String storageCatalog,
        String storageSchema,
        Optional<Duration> refreshInterval,
        Optional<String> refreshSchedule,
        Optional<String> incrementalColumn)
{
    public ViewProperties
    {
        requireNonNull(storageCatalog, "storageCatalog is null");
        requireNonNull(storageSchema, "storageSchema is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        requireNonNull(refreshSchedule, "refreshSchedule is null");
        requireNonNull(incrementalColumn, "incrementalColumn is null");
        if (refreshInterval.isPresent() && refreshSchedule.isPresent()) {
            throw new IllegalArgumentException("Set refresh_interval or refresh_schedule, not both");
        }
    }

    public Optional<RefreshSchedule> schedule()
    {
        if (refreshInterval.isPresent()) {
            return Optional.of(RefreshSchedule.every(refreshInterval.get()));
        }
        return refreshSchedule.map(RefreshSchedule::cron);
    }
}
