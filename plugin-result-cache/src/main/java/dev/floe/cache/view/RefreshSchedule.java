package dev.floe.cache.view;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

import static com.cronutils.model.CronType.UNIX;
import static java.util.Objects.requireNonNull;

/** When a view is refreshed: every fixed interval after the last refresh, or at the times of a Unix cron expression (UTC). */
public sealed interface RefreshSchedule
{
    Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** The first refresh time strictly after {@code last}. */
    Instant nextAfter(Instant last);

    static RefreshSchedule every(Duration interval)
    {
        return new Interval(interval);
    }

    /** Parses a five-field Unix cron expression ({@code minute hour day-of-month month day-of-week}). */
    static RefreshSchedule cron(String expression)
    {
        requireNonNull(expression, "expression is null");
        Cron cron;
        try {
            cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(UNIX)).parse(expression).validate();
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid refresh_schedule '%s': %s (expected a Unix cron expression: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *')"
                    .formatted(expression, e.getMessage()), e);
        }
        return new CronSchedule(expression, ExecutionTime.forCron(cron));
    }

    record Interval(Duration interval)
            implements RefreshSchedule
    {
        public Interval
        {
            requireNonNull(interval, "interval is null");
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                throw new IllegalArgumentException("refresh_interval must be at least %s seconds, not %s".formatted(MIN_INTERVAL.toSeconds(), interval));
            }
        }

        @Override
        public Instant nextAfter(Instant last)
        {
            return last.plus(interval);
        }
    }

    record CronSchedule(String expression, ExecutionTime executionTime)
            implements RefreshSchedule
    {
        public CronSchedule
        {
            requireNonNull(expression, "expression is null");
            requireNonNull(executionTime, "executionTime is null");
        }

        @Override
        public Instant nextAfter(Instant last)
        {
            Optional<ZonedDateTime> next = executionTime.nextExecution(last.atZone(ZoneOffset.UTC));
            // a valid Unix expression always has a next time; a far future one stands for "never"
            return next.map(ZonedDateTime::toInstant).orElse(Instant.MAX);
        }
    }
}
