package dev.floe.cache.refresh;

import dev.floe.cache.store.ViewStore;
import dev.floe.cache.view.RefreshSchedule;
import dev.floe.cache.view.RefreshState;
import dev.floe.cache.view.ViewDefinition;
import io.airlift.log.Logger;
import io.trino.spi.connector.SchemaTableName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Runs on the coordinator: every interval it reads the views and starts the refreshes that are due — never
 * refreshed, or their schedule reached since the last attempt, or after a failure once the backoff has passed.
 * One refresh per view at a time here; the lease extends that to the cluster.
 */
public final class RefreshScheduler
{
    private static final Logger log = Logger.get(RefreshScheduler.class);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(10);

    private final ViewStore store;
    private final ViewRefresher refresher;
    private final ScheduledExecutorService timer;
    private final ExecutorService refreshes;
    private final Duration interval;
    private final Duration maxRetryDelay;
    private final Clock clock;
    private final Set<SchemaTableName> running = ConcurrentHashMap.newKeySet();

    public RefreshScheduler(ViewStore store, ViewRefresher refresher, ScheduledExecutorService timer, ExecutorService refreshes, Duration interval, Duration maxRetryDelay, Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.refresher = requireNonNull(refresher, "refresher is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.refreshes = requireNonNull(refreshes, "refreshes is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.maxRetryDelay = requireNonNull(maxRetryDelay, "maxRetryDelay is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void start()
    {
        timer.scheduleWithFixedDelay(this::startDueRefreshes, interval.toMillis(), interval.toMillis(), MILLISECONDS);
    }

    /** When the view is next refreshed by the schedule; empty for views refreshed only by {@code REFRESH}. */
    public Optional<Instant> nextRefresh(ViewDefinition view, RefreshState state)
    {
        Optional<RefreshSchedule> schedule = view.properties().schedule();
        if (schedule.isEmpty()) {
            return Optional.empty();
        }
        if (state.lastAttemptAt().isEmpty()) {
            return Optional.of(view.createdAt());
        }
        Instant lastAttempt = state.lastAttemptAt().get();
        if (state.consecutiveFailures() > 0) {
            return Optional.of(lastAttempt.plus(backoff(state.consecutiveFailures())));
        }
        return Optional.of(schedule.get().nextAfter(lastAttempt));
    }

    private Duration backoff(int failures)
    {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    private void startDueRefreshes()
    {
        try {
            ViewStore.Contents contents = store.read();
            Instant now = clock.instant();
            for (ViewDefinition view : contents.views().values()) {
                Optional<Instant> next = nextRefresh(view, contents.state(view));
                if (next.isPresent() && !next.get().isAfter(now) && running.add(view.viewName())) {
                    try {
                        refreshes.execute(() -> refresh(view.viewName()));
                    }
                    catch (RejectedExecutionException e) {
                        running.remove(view.viewName());
                    }
                }
            }
        }
        catch (RuntimeException e) {
            // the catalog is unreachable: try again at the next tick
            log.warn(e, "Cannot read the cached views to schedule refreshes");
        }
    }

    private void refresh(SchemaTableName view)
    {
        try {
            refresher.refresh(view);
        }
        catch (RuntimeException e) {
            // recorded in the view's state (last error) and logged by the refresher
            log.debug(e, "Scheduled refresh of %s did not complete", view);
        }
        finally {
            running.remove(view);
        }
    }
}
