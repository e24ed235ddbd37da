package dev.floe.history.pipeline;

import org.weakref.jmx.Managed;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Counters of the history pipeline, exported to JMX (Trino's {@code jmx} catalog shows them). */
public final class HistoryStats
{
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong eventsDroppedQueueFull = new AtomicLong();
    private final AtomicLong eventsFailedCapture = new AtomicLong();
    private final AtomicLong rowsSpooled = new AtomicLong();
    private final AtomicLong rowsLostSpoolWrite = new AtomicLong();
    private final AtomicLong rowsDroppedSpoolBudget = new AtomicLong();
    private final AtomicLong linesUnreadable = new AtomicLong();
    private final AtomicLong rowsCommitted = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong lastCommitMillis = new AtomicLong();
    private final AtomicLong lastCommitLatencyMillis = new AtomicLong();
    private final AtomicLong maxCommitLatencyMillis = new AtomicLong();
    private final AtomicLong spoolBytes = new AtomicLong();
    private volatile LongSupplier queuedEvents = () -> 0;
    private volatile String lastError = "";

    void received()
    {
        eventsReceived.incrementAndGet();
    }

    /** Returns the count so far. */
    long droppedQueueFull()
    {
        return eventsDroppedQueueFull.incrementAndGet();
    }

    public void failedCapture()
    {
        eventsFailedCapture.incrementAndGet();
    }

    void spooled(long rows)
    {
        rowsSpooled.addAndGet(rows);
    }

    void lostSpoolWrite(long rows)
    {
        rowsLostSpoolWrite.addAndGet(rows);
    }

    void droppedSpoolBudget(long rows)
    {
        rowsDroppedSpoolBudget.addAndGet(rows);
    }

    void unreadable(long lines)
    {
        linesUnreadable.addAndGet(lines);
    }

    void committed(long rows, long latencyMillis, long nowMillis)
    {
        rowsCommitted.addAndGet(rows);
        commits.incrementAndGet();
        lastCommitMillis.set(nowMillis);
        lastCommitLatencyMillis.set(latencyMillis);
        maxCommitLatencyMillis.accumulateAndGet(latencyMillis, Math::max);
    }

    void commitFailed(String error)
    {
        commitFailures.incrementAndGet();
        lastError = error;
    }

    void spoolBytes(long bytes)
    {
        spoolBytes.set(bytes);
    }

    /** The pipeline's queue, read when asked. */
    void queue(LongSupplier queuedEvents)
    {
        this.queuedEvents = queuedEvents;
    }

    @Managed
    public long getEventsReceived()
    {
        return eventsReceived.get();
    }

    @Managed
    public long getEventsDroppedQueueFull()
    {
        return eventsDroppedQueueFull.get();
    }

    @Managed
    public long getEventsFailedCapture()
    {
        return eventsFailedCapture.get();
    }

    @Managed
    public long getRowsSpooled()
    {
        return rowsSpooled.get();
    }

    @Managed
    public long getRowsLostSpoolWrite()
    {
        return rowsLostSpoolWrite.get();
    }

    @Managed
    public long getRowsDroppedSpoolBudget()
    {
        return rowsDroppedSpoolBudget.get();
    }

    @Managed
    public long getLinesUnreadable()
    {
        return linesUnreadable.get();
    }

    @Managed
    public long getRowsCommitted()
    {
        return rowsCommitted.get();
    }

    @Managed
    public long getCommits()
    {
        return commits.get();
    }

    @Managed
    public long getCommitFailures()
    {
        return commitFailures.get();
    }

    @Managed
    public long getLastCommitMillis()
    {
        return lastCommitMillis.get();
    }

    @Managed
    public long getLastCommitLatencyMillis()
    {
        return lastCommitLatencyMillis.get();
    }

    @Managed
    public long getMaxCommitLatencyMillis()
    {
        return maxCommitLatencyMillis.get();
    }

    @Managed
    public long getSpoolBytes()
    {
        return spoolBytes.get();
    }

    @Managed
    public long getQueuedEvents()
    {
        return queuedEvents.getAsLong();
    }

    @Managed
    public String getLastError()
    {
        return lastError;
    }
}
