package dev.floe.history.pipeline;

import dev.floe.history.sink.HistoryMaintenance;
import dev.floe.history.sink.IcebergHistorySink;
import dev.floe.history.sink.SegmentRows;
import dev.floe.history.spool.Spool;
import dev.floe.history.spool.Spool.Segment;
import dev.floe.history.table.Row;
import io.airlift.log.Logger;
import io.airlift.units.Duration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Engine callback → bounded queue → spool (forced to disk) → Iceberg commits → export sinks. The engine's thread
 * only enqueues; one thread appends to the spool, another commits sealed segments every interval (sooner when
 * enough rows wait), retrying with backoff while the catalog, the storage or an export is down. A segment leaves
 * the spool once the tables and every export hold it.
 */
public final class HistoryPipeline
{
    private static final Logger log = Logger.get(HistoryPipeline.class);
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    private static final int DRAIN_BATCH = 10_000;

    private final BlockingQueue<List<Row>> queue;
    private final Spool spool;
    private final IcebergHistorySink sink;
    private final List<ExportSink> exports;
    private final Optional<Path> auditInbox;
    private final Optional<HistoryMaintenance> maintenance;
    private final HistoryStats stats;
    private final long spoolMaxBytes;
    private final long commitMaxRows;
    private final long commitIntervalMillis;
    private final long maintenanceIntervalMillis;
    private final Thread spooler;
    private final ScheduledExecutorService committer;

    // offered and not yet in the spool
    private final AtomicLong unspooledEvents = new AtomicLong();
    private volatile boolean stopping;
    // committer thread only
    private int consecutiveFailures;
    private long nextAttemptMillis;
    private long nextMaintenanceMillis;

    public HistoryPipeline(
            Spool spool,
            IcebergHistorySink sink,
            List<ExportSink> exports,
            Optional<Path> auditInbox,
            Optional<HistoryMaintenance> maintenance,
            HistoryStats stats,
            int queueCapacity,
            long spoolMaxBytes,
            long commitMaxRows,
            Duration commitInterval,
            Duration maintenanceInterval)
    {
        this.spool = requireNonNull(spool, "spool is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.exports = List.copyOf(requireNonNull(exports, "exports is null"));
        this.auditInbox = requireNonNull(auditInbox, "auditInbox is null");
        this.maintenance = requireNonNull(maintenance, "maintenance is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        stats.queue(queue::size);
        this.spoolMaxBytes = spoolMaxBytes;
        this.commitMaxRows = commitMaxRows;
        this.commitIntervalMillis = commitInterval.toMillis();
        this.maintenanceIntervalMillis = maintenanceInterval.toMillis();
        this.spooler = daemonThreadsNamed("floe-history-spooler-%s").newThread(this::spoolLoop);
        this.committer = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("floe-history-committer-%s"));
    }

    public void start()
    {
        spooler.setContextClassLoader(getClass().getClassLoader());
        spooler.start();
        committer.execute(() -> Thread.currentThread().setContextClassLoader(getClass().getClassLoader()));
        // a spool left by the previous run is committed first
        committer.scheduleWithFixedDelay(this::commitCycle, 0, commitIntervalMillis, MILLISECONDS);
    }

    /** Called on the engine's thread: never blocks. False when the queue is full and the event is dropped. */
    public boolean offer(List<Row> rows)
    {
        stats.received();
        unspooledEvents.incrementAndGet();
        if (stopping || !queue.offer(rows)) {
            unspooledEvents.decrementAndGet();
            long dropped = stats.droppedQueueFull();
            // a full queue drops many events in a row: log the 1st, 2nd, 4th, 8th… so the log does not become the load
            if (Long.bitCount(dropped) == 1) {
                log.error("History queue full or closed: dropped an event of %s rows (%s dropped so far)", rows.size(), dropped);
            }
            return false;
        }
        return true;
    }

    /** Waits until everything offered so far is committed, or the timeout passes. For tests and shutdown. */
    public boolean flush(long timeoutMillis)
            throws InterruptedException
    {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (unspooledEvents.get() > 0) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        Future<Boolean> committed = committer.submit(() -> {
            nextAttemptMillis = 0;
            commitCycle();
            return consecutiveFailures == 0;
        });
        try {
            return committed.get(Math.max(1, deadline - System.currentTimeMillis()), MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public void stop()
    {
        stopping = true;
        try {
            spooler.join(10_000);
            flush(30_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.shutdownNow();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
            spool.close();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (IOException e) {
            log.error(e, "Cannot seal the history spool");
        }
        for (ExportSink export : exports) {
            try {
                export.close();
            }
            catch (Exception e) {
                log.warn(e, "Cannot close history export %s", export.name());
            }
        }
    }

    private void spoolLoop()
    {
        List<List<Row>> events = new ArrayList<>();
        while (!stopping || !queue.isEmpty()) {
            try {
                List<Row> first = queue.poll(100, MILLISECONDS);
                if (first == null) {
                    // idle: what waits for the sync interval goes to disk now
                    sync();
                    continue;
                }
                events.add(first);
                queue.drainTo(events, DRAIN_BATCH);
                List<Row> rows = new ArrayList<>();
                events.forEach(rows::addAll);
                int eventCount = events.size();
                events.clear();
                try {
                    spool.append(rows);
                    stats.spooled(rows.size());
                }
                catch (IOException | RuntimeException e) {
                    stats.lostSpoolWrite(rows.size());
                    log.error(e, "Cannot write %s history rows to the spool in %s; they are lost", rows.size(), spool.directory());
                }
                unspooledEvents.addAndGet(-eventCount);
                if (spool.openRows() >= commitMaxRows) {
                    committer.execute(this::commitCycle);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sync()
    {
        try {
            spool.sync();
        }
        catch (IOException e) {
            // the rows are written; the next sync or the seal forces them
            log.warn(e, "Cannot force the history spool in %s to disk", spool.directory());
        }
    }

    /** Seals the open segment and commits every sealed one, oldest first, in batches of at most commitMaxRows rows. */
    private void commitCycle()
    {
        try {
            spool.sealAndAdopt(auditFiles());
            List<Segment> segments = enforceBudget(spool.sealedSegments());
            stats.spoolBytes(spool.size());
            if (System.currentTimeMillis() < nextAttemptMillis) {
                return;
            }
            int next = 0;
            while (next < segments.size()) {
                List<SegmentRows> rows = new ArrayList<>();
                List<Segment> batch = new ArrayList<>();
                long rowCount = 0;
                while (next < segments.size() && (batch.isEmpty() || rowCount < commitMaxRows)) {
                    Segment segment = segments.get(next++);
                    Spool.Contents read = spool.read(segment);
                    stats.unreadable(read.skippedLines());
                    rows.add(new SegmentRows(segment.sequence(), read.rows()));
                    rowCount += read.rows().size();
                    batch.add(segment);
                }
                long last = batch.getLast().sequence();
                long start = System.currentTimeMillis();
                sink.commit(rows);
                long end = System.currentTimeMillis();
                stats.committed(rowCount, end - start, end);
                for (ExportSink export : exports) {
                    long delivered = spool.delivered(export.name());
                    if (delivered < last) {
                        export.deliver(last, SegmentRows.after(rows, delivered));
                        spool.recordDelivered(export.name(), last);
                    }
                }
                for (Segment segment : batch) {
                    spool.delete(segment);
                }
            }
            consecutiveFailures = 0;
            stats.spoolBytes(spool.size());
            runMaintenance();
        }
        catch (Throwable e) {
            consecutiveFailures++;
            long backoff = Math.min(MAX_BACKOFF_MILLIS, commitIntervalMillis << Math.min(consecutiveFailures, 16));
            nextAttemptMillis = System.currentTimeMillis() + backoff;
            stats.commitFailed(String.valueOf(e));
            log.warn(e, "Cannot commit history rows (attempt %s); they stay in the spool, next attempt in %s ms", consecutiveFailures, backoff);
        }
    }

    /** Sealed files of audit rows the access control left in the inbox, to be committed with everything else. */
    private List<Path> auditFiles()
            throws IOException
    {
        if (auditInbox.isEmpty() || !Files.isDirectory(auditInbox.get())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(auditInbox.get())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".rows")).sorted().toList();
        }
    }

    private void runMaintenance()
    {
        if (maintenance.isEmpty() || System.currentTimeMillis() < nextMaintenanceMillis) {
            return;
        }
        nextMaintenanceMillis = System.currentTimeMillis() + maintenanceIntervalMillis;
        try {
            maintenance.get().run();
        }
        catch (RuntimeException e) {
            log.warn(e, "History table maintenance failed; it runs again in %s ms", maintenanceIntervalMillis);
        }
    }

    /** Drops the oldest sealed segments while the spool is over its disk budget. */
    private List<Segment> enforceBudget(List<Segment> segments)
            throws IOException
    {
        long size = spool.size();
        int first = 0;
        while (size > spoolMaxBytes && first < segments.size()) {
            Segment oldest = segments.get(first++);
            long rows = spool.countRows(oldest);
            spool.delete(oldest);
            size -= oldest.bytes();
            stats.droppedSpoolBudget(rows);
            log.error("History spool over its budget of %s bytes: dropped the %s oldest uncommitted rows (segment %s)", spoolMaxBytes, rows, oldest.sequence());
        }
        return segments.subList(first, segments.size());
    }
}
