package dev.floe.history;

import dev.floe.history.capture.QueryEventMapper;
import dev.floe.history.pipeline.HistoryPipeline;
import dev.floe.history.pipeline.HistoryStats;
import dev.floe.history.table.Row;
import io.airlift.log.Logger;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.eventlistener.SplitCompletedEvent;

import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code event-listener.name=floe}: every event becomes history rows handed to the pipeline. The engine calls this
 * synchronously, so nothing here waits on I/O, and a failure to capture an event never fails the query.
 */
public final class FloeHistoryListener
        implements EventListener
{
    private static final Logger log = Logger.get(FloeHistoryListener.class);

    private final QueryEventMapper mapper;
    private final HistoryPipeline pipeline;
    private final HistoryStats stats;
    private final boolean captureSplits;
    private final Runnable onShutdown;

    public FloeHistoryListener(QueryEventMapper mapper, HistoryPipeline pipeline, HistoryStats stats, boolean captureSplits, Runnable onShutdown)
    {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.captureSplits = captureSplits;
        this.onShutdown = requireNonNull(onShutdown, "onShutdown is null");
    }

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        capture(() -> List.of(mapper.queryStart(event)));
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        capture(() -> mapper.queryCompleted(event));
    }

    @Override
    public void splitCompleted(SplitCompletedEvent event)
    {
        if (captureSplits) {
            capture(() -> List.of(mapper.split(event)));
        }
    }

    /** Waits until everything captured so far is committed; false on timeout or while commits fail. */
    public boolean flush(long timeoutMillis)
            throws InterruptedException
    {
        return pipeline.flush(timeoutMillis);
    }

    public HistoryStats stats()
    {
        return stats;
    }

    @Override
    public void shutdown()
    {
        onShutdown.run();
    }

    private void capture(Supplier<List<Row>> rows)
    {
        try {
            pipeline.offer(rows.get());
        }
        catch (RuntimeException e) {
            stats.failedCapture();
            log.error(e, "Cannot capture a query event for the history");
        }
    }
}
