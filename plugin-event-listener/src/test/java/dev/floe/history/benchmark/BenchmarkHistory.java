package dev.floe.history.benchmark;

import dev.floe.history.FloeHistoryListener;
import dev.floe.history.FloeHistoryListenerFactory;
import dev.floe.history.TestingListenerContext;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.testing.QueryRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * What the history costs and how much it sustains, in-process, on a real lakehouse catalog:
 * <ul>
 * <li>latency of {@code SELECT 1} (client round trip through the engine) without a listener and with the Floe
 * listener, p50/p99 over the same number of runs after the same warm-up;</li>
 * <li>the engine-thread cost of one callback (capture and enqueue) for a real completed query;</li>
 * <li>sustained throughput: real created/completed event pairs fed as fast as possible, until all are committed to
 * Iceberg, and the rows counted afterwards (no loss).</li>
 * </ul>
 * Usage: {@code BenchmarkHistory [latencyRuns] [events]}; writes a Markdown table to target/benchmark-history.md.
 */
public final class BenchmarkHistory
{
    private BenchmarkHistory() {}

    public static void main(String[] args)
            throws Exception
    {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        StringBuilder report = new StringBuilder();
        try (LakehouseCatalog lakehouse = LakehouseCatalog.start()) {
            // the stack's settings (etc/coordinator/event-listener.properties): commits every 5 s, the spool synced every second
            FloeHistoryListener listener = listener(lakehouse, "latency", "5s", "1s");
            try (QueryRunner without = runner(lakehouse, Optional.empty());
                    QueryRunner noop = runner(lakehouse, Optional.of(new EventListener() {}));
                    QueryRunner with = runner(lakehouse, Optional.of(listener))) {
                // blocks of 100 runs, alternating, so that a busy moment of the machine hits all alike
                List<QueryRunner> runners = List.of(without, noop, with);
                long[][] latencies = new long[runners.size()][runs];
                for (int warmup = 0; warmup < runs / 2; warmup++) {
                    runners.forEach(runner -> runner.execute("SELECT 1"));
                }
                for (int block = 0; block < runs / 100; block++) {
                    for (int which = 0; which < runners.size(); which++) {
                        for (int i = block * 100; i < (block + 1) * 100; i++) {
                            long start = System.nanoTime();
                            runners.get(which).execute("SELECT 1");
                            latencies[which][i] = System.nanoTime() - start;
                        }
                    }
                }
                report.append("| `SELECT 1`, %,d runs each, alternating blocks of 100 | p50 | p99 |%n|---|---|---|%n".formatted(runs));
                report.append("| no listener | %s | %s |%n".formatted(millis(percentile(latencies[0], 50)), millis(percentile(latencies[0], 99))));
                report.append("| a listener that does nothing (the engine builds the events) | %s | %s |%n".formatted(millis(percentile(latencies[1], 50)), millis(percentile(latencies[1], 99))));
                report.append("| Floe history listener (commits every 5 s, spool synced every 1 s) | %s | %s |%n".formatted(millis(percentile(latencies[2], 50)), millis(percentile(latencies[2], 99))));
                report.append("| Floe added over no listener | %s | %s |%n".formatted(added(latencies[2], latencies[0], 50), added(latencies[2], latencies[0], 99)));
                report.append("| Floe added over a listener doing nothing | %s | %s |%n%n".formatted(added(latencies[2], latencies[1], 50), added(latencies[2], latencies[1], 99)));
                report.append("Added latency: the difference of the percentiles, and in brackets its 95%% interval from a paired bootstrap over the blocks of 100 runs (10,000 resamples): how far the machine's noise alone moves it.%n%n".formatted());
            }
            finally {
                listener.shutdown();
            }
            report.append(throughput(lakehouse, events));
        }
        String text = report.toString();
        System.out.println(text);
        Files.writeString(Path.of("target", "benchmark-history.md"), text);
    }

    private static QueryRunner runner(LakehouseCatalog lakehouse, Optional<EventListener> listener)
            throws Exception
    {
        FloeQueryRunner.Builder builder = FloeQueryRunner.builder().withLakehouse("lakehouse", lakehouse).withUser("admin");
        listener.ifPresent(builder::withEventListener);
        return builder.build();
    }

    /** Real events of one query, fed {@code events} times: the engine-thread cost of a callback and the committed rate. */
    private static String throughput(LakehouseCatalog lakehouse, int events)
            throws Exception
    {
        AtomicReference<QueryCreatedEvent> created = new AtomicReference<>();
        AtomicReference<QueryCompletedEvent> completed = new AtomicReference<>();
        EventListener capture = new EventListener()
        {
            @Override
            public void queryCreated(QueryCreatedEvent event)
            {
                created.compareAndSet(null, event);
            }

            @Override
            public void queryCompleted(QueryCompletedEvent event)
            {
                completed.compareAndSet(null, event);
            }
        };
        try (QueryRunner runner = FloeQueryRunner.builder().withLakehouse("lakehouse", lakehouse).withEventListener(capture).withUser("admin").build()) {
            runner.execute("SELECT n.name, count(*) FROM tpch.tiny.nation n JOIN tpch.tiny.customer c ON n.nationkey = c.nationkey GROUP BY n.name");
            long deadline = System.currentTimeMillis() + 10_000;
            while (completed.get() == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }
        QueryCreatedEvent createdEvent = requireNonNull(created.get(), "no created event");
        QueryCompletedEvent completedEvent = requireNonNull(completed.get(), "no completed event");

        FloeHistoryListener listener = listener(lakehouse, "throughput", "1s", "0s");
        try {
            // the engine-thread cost of one completion callback, on a warm JIT
            for (int i = 0; i < 20_000; i++) {
                listener.queryCompleted(completedEvent);
            }
            listener.flush(600_000);
            long[] callback = new long[20_000];
            for (int i = 0; i < callback.length; i++) {
                long start = System.nanoTime();
                listener.queryCompleted(completedEvent);
                callback[i] = System.nanoTime() - start;
                if (i % 1_000 == 999) {
                    // stay below the queue's capacity: this measures the callback, not a full queue
                    listener.flush(600_000);
                }
            }
            listener.flush(600_000);
            long committedBefore = listener.stats().getRowsCommitted();

            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                listener.queryCreated(createdEvent);
                listener.queryCompleted(completedEvent);
                if (i % 1_000 == 999) {
                    // the queue holds 100,000 events by default: a producer faster than the spool waits rather than drops
                    while (listener.stats().getQueuedEvents() > 20_000) {
                        Thread.sleep(1);
                    }
                }
            }
            long fed = System.nanoTime() - start;
            if (!listener.flush(600_000)) {
                throw new IllegalStateException("not committed: " + listener.stats().getLastError());
            }
            long committed = System.nanoTime() - start;
            long rows = listener.stats().getRowsCommitted() - committedBefore;
            long dropped = listener.stats().getEventsDroppedQueueFull() + listener.stats().getRowsDroppedSpoolBudget() + listener.stats().getRowsLostSpoolWrite();
            return """
                    | completion callback on the engine thread (capture + enqueue), µs | p50 | p99 | p99.9 |
                    |---|---|---|---|
                    | 20,000 calls | %s | %s | %s |

                    | sustained: %,d queries (created + completed events, %,d rows each) | queries/s fed | queries/s committed to Iceberg | rows committed | dropped | commits |
                    |---|---|---|---|---|---|
                    | spool forced per batch, commit every 1 s | %,.0f | %,.0f | %,d | %,d | %,d |
                    """.formatted(
                    micros(percentile(callback, 50)), micros(percentile(callback, 99)), micros(percentile(callback, 99.9)),
                    events, rows / events,
                    events / (fed / 1e9), events / (committed / 1e9), rows, dropped, listener.stats().getCommits());
        }
        finally {
            listener.shutdown();
        }
    }

    private static FloeHistoryListener listener(LakehouseCatalog lakehouse, String name, String commitInterval, String syncInterval)
            throws IOException
    {
        return (FloeHistoryListener) new FloeHistoryListenerFactory().create(Map.of(
                "history.iceberg.type", "rest",
                "history.iceberg.uri", lakehouse.uri().toString(),
                "history.schema", "bench_" + name,
                "history.spool.directory", Files.createTempDirectory("floe-history-bench").toString(),
                "history.commit.interval", commitInterval,
                "history.spool.sync-interval", syncInterval,
                "history.maintenance.enabled", "false"),
                TestingListenerContext.CONTEXT);
    }

    /**
     * {@code percentile(with) - percentile(base)} and its 95 % bootstrap interval. Blocks of 100 runs that ran next
     * to each other are resampled together (paired), so the interval reflects the noise between moments of the run.
     */
    private static String added(long[] with, long[] base, double percentile)
    {
        int blocks = with.length / 100;
        Random random = new Random(42);
        double[] differences = new double[10_000];
        long[] resampledWith = new long[blocks * 100];
        long[] resampledBase = new long[blocks * 100];
        for (int resample = 0; resample < differences.length; resample++) {
            for (int block = 0; block < blocks; block++) {
                int from = random.nextInt(blocks) * 100;
                System.arraycopy(with, from, resampledWith, block * 100, 100);
                System.arraycopy(base, from, resampledBase, block * 100, 100);
            }
            differences[resample] = percentile(resampledWith, percentile) - percentile(resampledBase, percentile);
        }
        Arrays.sort(differences);
        return "%s [%s, %s]".formatted(
                millis(percentile(with, percentile) - percentile(base, percentile)),
                millis((long) differences[(int) (differences.length * 0.025)]),
                millis((long) differences[(int) (differences.length * 0.975) - 1]));
    }

    private static long percentile(long[] values, double percentile)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
    }

    private static String millis(long nanos)
    {
        return "%.2f ms".formatted(nanos / 1e6);
    }

    private static String micros(long nanos)
    {
        return "%.1f".formatted(nanos / 1e3);
    }
}
