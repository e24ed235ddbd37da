package dev.floe.ingest.benchmark;

import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.FloeIngestPlugin;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.KafkaBroker;
import dev.floe.testing.LakehouseCatalog;
import dev.floe.testing.Polling;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.ZoneOffset.UTC;
import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
import static java.util.Objects.requireNonNull;

/**
 * What one pipeline sustains and how fresh its table is, on this machine, against a real broker and the real
 * lakehouse catalog server (both forked), with the connector in an in-process Trino (coordinator only; it runs the
 * pipeline):
 * <ul>
 * <li>throughput: {@code records} JSON records of 200 bytes over 8 partitions are produced first; Kafka's own
 * {@code ConsumerPerformance} reads the topic (the ceiling, best of two runs), then a pipeline with the default
 * settings ingests it into Iceberg; rates from the Iceberg snapshots' commit times, CPU from the processes;</li>
 * <li>freshness: for commit intervals 1 s and 5 s, records are produced at a steady rate while a client runs
 * {@code SELECT id ... WHERE id > watermark} back to back; each record's freshness is the time from its send to the
 * end of the first query that returned it.</li>
 * </ul>
 * Usage: {@code BenchmarkIngest [records] [freshnessSeconds] [freshnessRate]} (defaults 4,000,000, 60, 5,000) with
 * {@code -Dfloe.bench.kafka-tools.classpath=...} (Apache Kafka's tools, see bench/run-benchmarks.sh); writes a
 * Markdown report to target/benchmark-ingest.md.
 */
public final class BenchmarkIngest
{
    private static final int PARTITIONS = 8;
    private static final int RECORD_BYTES = 200;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String LANES = "the pipeline's lanes";
    private static final String CONSUMER = "its consumer and committer thread";
    private static final String JIT = "JIT compiler";
    private static final String GC = "garbage collector";
    private static final List<String> THREAD_GROUPS = List.of(LANES, CONSUMER, JIT, GC);
    private static final String[] REGIONS = {"EU", "NA", "APAC", "LATAM"};
    private static final String[] STATUSES = {"PLACED", "PAID", "SHIPPED", "DELIVERED", "RETURNED"};
    private static final String COLUMNS = "id bigint, customer varchar, region varchar, amount decimal(12, 2), quantity integer, status varchar, produced_at timestamp(6) with time zone, note varchar";
    private static final String TOOLS_LOG4J = """
            appender.stderr.type = Console
            appender.stderr.name = stderr
            appender.stderr.target = SYSTEM_ERR
            appender.stderr.layout.type = PatternLayout
            appender.stderr.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = WARN
            rootLogger.appenderRef.stderr.ref = stderr
            """;

    private BenchmarkIngest() {}

    public static void main(String[] args)
            throws Exception
    {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
        int freshnessSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int freshnessRate = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String toolsClasspath = requireNonNull(System.getProperty("floe.bench.kafka-tools.classpath"), "-Dfloe.bench.kafka-tools.classpath is not set (run bench/run-benchmarks.sh)");

        StringBuilder report = new StringBuilder();
        report.append("Machine: %s cores (`nproc`), %s, Java %s. Broker, catalog server, Trino and the clients share these cores.%n%n"
                .formatted(CORES, Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name")).findFirst().map(line -> line.replaceFirst(".*:\\s*", "")).orElse("?"), Runtime.version()));
        try (KafkaBroker broker = KafkaBroker.start();
                LakehouseCatalog lakehouse = LakehouseCatalog.start();
                QueryRunner runner = FloeQueryRunner.builder()
                        .withLakehouse("lakehouse", lakehouse)
                        .withPlugin(new FloeIngestPlugin())
                        // the stack's etc/catalog/ingest.properties: every other setting at its default
                        .withCatalog("ingest", "floe_ingest", ImmutableMap.of(
                                "ingest.iceberg.type", "rest",
                                "ingest.iceberg.uri", lakehouse.uri().toString(),
                                "ingest.kafka.bootstrap-servers", broker.bootstrapServers()))
                        .withUser("admin")
                        .build();
                KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            runner.execute("CREATE SCHEMA lakehouse.bench");
            Processes processes = new Processes();
            report.append(throughput(broker, runner, producer, processes, toolsClasspath, records));
            for (String interval : List.of("1s", "5s")) {
                report.append(freshness(broker, runner, producer, interval, freshnessSeconds, freshnessRate));
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-ingest.md"), report.toString());
    }

    private static String throughput(KafkaBroker broker, QueryRunner runner, KafkaProducer<byte[], byte[]> producer, Processes processes, String toolsClasspath, int records)
            throws Exception
    {
        String topic = "bench_throughput";
        broker.createTopic(topic, PARTITIONS);
        long produceStart = System.nanoTime();
        long valueBytes = 0;
        Instant now = Instant.now();
        // a send that fails would make every figure below wrong: it stops the benchmark instead
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        for (int id = 0; id < records; id++) {
            byte[] value = record(id, now.plusNanos(id * 1_000L));
            valueBytes += value.length;
            producer.send(new ProducerRecord<>(topic, id % PARTITIONS, null, value), (_, exception) -> {
                if (exception != null) {
                    sendFailure.compareAndSet(null, exception);
                }
            });
        }
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("producing the benchmark's records failed", sendFailure.get());
        }
        double produceSeconds = seconds(System.nanoTime() - produceStart);
        log("produced %,d records (%,d value bytes) in %.1f s", records, valueBytes, produceSeconds);

        // the ceiling: Kafka's own consumer, no decoding, nothing written
        List<Run> ceilings = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            ceilings.add(consumerPerformance(broker, processes, toolsClasspath, topic, records));
            log("ConsumerPerformance: %s", ceilings.getLast());
        }
        Run ceiling = ceilings.stream().max((left, right) -> Double.compare(left.recordsPerSecond(), right.recordsPerSecond())).orElseThrow();

        // a server runs for days: the same ingestion once before the measured one, so that the figures are those of
        // compiled code, not of the JIT compiler's first minute (the ceiling's small loop is compiled at once)
        runner.execute("CREATE TABLE lakehouse.bench.warmup (%s)".formatted(COLUMNS));
        runner.execute("CALL ingest.system.create_pipeline('warmup', '%s', 'lakehouse.bench.warmup', 'json', '{}')".formatted(topic));
        awaitCount(runner, "lakehouse.bench.warmup", records, Duration.ofMinutes(30));
        runner.execute("CALL ingest.system.drop_pipeline('warmup')");
        runner.execute("DROP TABLE lakehouse.bench.warmup");
        log("warm-up ingestion done");

        runner.execute("CREATE TABLE lakehouse.bench.throughput (%s)".formatted(COLUMNS));
        Cpu before = processes.cpu();
        double jvmBefore = jvmCpuSeconds();
        Map<String, Double> threadsBefore = threadCpu("throughput");
        long created = System.currentTimeMillis();
        runner.execute("CALL ingest.system.create_pipeline('throughput', '%s', 'lakehouse.bench.throughput', 'json', '{}')".formatted(topic));
        awaitCount(runner, "lakehouse.bench.throughput", records, Duration.ofMinutes(30));
        Cpu after = processes.cpu();
        Map<String, Double> threadsAfter = threadCpu("throughput");
        double jvmSeconds = jvmCpuSeconds() - jvmBefore;
        runner.execute("CALL ingest.system.drop_pipeline('throughput')");

        MaterializedRow check = runner.execute("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM lakehouse.bench.throughput").getMaterializedRows().getFirst();
        if (!check.getFields().equals(List.of((long) records, (long) records, 0L, records - 1L))) {
            throw new IllegalStateException("ingested rows are not the produced ones: count, distinct, min, max = " + check.getFields());
        }
        // commit times from the table: the first commit ends the start-up (runner start, first batch); commits
        // without rows (offsets only) do not count
        List<MaterializedRow> commits = runner.execute("""
                SELECT to_unixtime(committed_at) * 1000, CAST(element_at(summary, 'added-records') AS bigint)
                FROM lakehouse.bench."throughput$snapshots" WHERE element_at(summary, 'added-records') IS NOT NULL ORDER BY committed_at""").getMaterializedRows();
        // the last batch ends when the topic runs dry, by waiting out the commit interval: sustained ingestion is
        // measured over the batches that a batch limit ended, from the first commit to the one before the last
        List<MaterializedRow> full = commits.size() > 2 ? commits.subList(0, commits.size() - 1) : commits;
        double firstCommit = commitMillis(full.getFirst());
        double lastCommit = commitMillis(commits.getLast());
        long afterFirst = full.subList(1, full.size()).stream().mapToLong(commit -> (Long) commit.getField(1)).sum();
        double sustainedSeconds = (commitMillis(full.getLast()) - firstCommit) / 1000;
        double endToEndSeconds = (lastCommit - created) / 1000;
        double bytesPerRecord = (double) valueBytes / records;
        // the CPU of the processes is known for the whole run only
        Run sustained = new Run(afterFirst, afterFirst * bytesPerRecord, sustainedSeconds, Optional.empty(), 0);
        Run endToEnd = new Run(records, valueBytes, endToEndSeconds, Optional.of(after.minus(before)), 0);
        long files = (Long) runner.execute("SELECT count(*) FROM lakehouse.bench.\"throughput$files\"").getOnlyValue();

        StringBuilder text = new StringBuilder();
        text.append("""
                ### Throughput: %,d JSON records of %d bytes (%.0f MB), one topic of %d partitions, produced beforehand (%.0f records/s)

                | | records/s | MB/s | records/s per core (÷ %d) | MB/s per core | CPU s (all processes) | records per CPU s |
                |---|---|---|---|---|---|---|
                """.formatted(records, RECORD_BYTES, valueBytes / 1e6, PARTITIONS, records / produceSeconds, CORES));
        text.append(row("Kafka `ConsumerPerformance` (the ceiling; best of 2 runs; over its fetch time, %.1f s; with the consumer group join %s records/s)"
                .formatted(ceiling.seconds(), format(ceiling.withJoin())), ceiling));
        text.append(row("pipeline → Iceberg, sustained (first to last full batch: commits 1 to %d of %d)".formatted(full.size(), commits.size()), sustained));
        text.append(row("pipeline → Iceberg, end to end (create_pipeline → last commit)", endToEnd));
        text.append("""

                Sustained ingestion is **%.0f %%** of the raw consumer's rate (target ≥ 50 %%); end to end %.0f %%. %d data files. Measured after a warm-up ingestion of the same topic into another table. CPU: ingest run = Trino JVM (pipeline, catalog polling queries) + broker + catalog server; ceiling = tool JVM + broker.

                The Trino JVM's CPU over the end-to-end run: %.1f s in all; %s.

                """.formatted(100 * sustained.recordsPerSecond() / ceiling.recordsPerSecond(), 100 * endToEnd.recordsPerSecond() / ceiling.recordsPerSecond(), files,
                jvmSeconds, String.join(", ", THREAD_GROUPS.stream()
                        .map(group -> "%s %.1f s".formatted(group, threadsAfter.getOrDefault(group, 0.0) - threadsBefore.getOrDefault(group, 0.0)))
                        .toList())));
        return text.toString();
    }

    private static String freshness(KafkaBroker broker, QueryRunner runner, KafkaProducer<byte[], byte[]> producer, String interval, int seconds, int rate)
            throws Exception
    {
        String name = "fresh_" + interval;
        String table = "lakehouse.bench." + name;
        broker.createTopic(name, PARTITIONS);
        runner.execute("CREATE TABLE %s (%s)".formatted(table, COLUMNS));
        runner.execute("CALL ingest.system.create_pipeline('%s', '%s', '%s', 'json', '{\"commit_interval\": \"%s\"}')".formatted(name, name, table, interval));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!"RUNNING".equals(runner.execute("SELECT state FROM ingest.system.pipelines WHERE name = '%s'".formatted(name)).getOnlyValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline %s is not running".formatted(name));
            }
            Thread.sleep(100);
        }
        Thread.sleep(2_000);

        int records = seconds * rate;
        long[] sent = new long[records];
        long[] visible = new long[records];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // a steady rate: every 10 ms, the records due by then
        Thread sender = Thread.ofPlatform().name("bench-producer").start(() -> {
            try {
                long start = System.nanoTime();
                int id = 0;
                while (id < records) {
                    long due = Math.min(records, (System.nanoTime() - start) * rate / 1_000_000_000L);
                    for (; id < due; id++) {
                        sent[id] = System.nanoTime();
                        producer.send(new ProducerRecord<>(name, id % PARTITIONS, null, record(id, Instant.now())));
                    }
                    Thread.sleep(10);
                }
                producer.flush();
            }
            catch (Throwable e) {
                failure.set(e);
            }
        });

        BitSet seen = new BitSet(records);
        long watermark = -1;
        int queries = 0;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120);
        while (seen.cardinality() < records) {
            if (System.nanoTime() > deadline || failure.get() != null) {
                throw new IllegalStateException("%s of %s records visible in %s".formatted(seen.cardinality(), records, table), failure.get());
            }
            List<MaterializedRow> rows = runner.execute("SELECT id FROM %s WHERE id > %s".formatted(table, watermark)).getMaterializedRows();
            long end = System.nanoTime();
            queries++;
            for (MaterializedRow row : rows) {
                int id = Math.toIntExact((Long) row.getField(0));
                if (!seen.get(id)) {
                    seen.set(id);
                    visible[id] = end;
                }
            }
            watermark = seen.nextClearBit(0) - 1;
            Thread.sleep(20);
        }
        sender.join();
        runner.execute("CALL ingest.system.drop_pipeline('%s')".formatted(name));
        long duplicates = (Long) runner.execute("SELECT count(*) - count(DISTINCT id) FROM " + table).getOnlyValue();
        long commits = (Long) runner.execute("SELECT count(*) FROM lakehouse.bench.\"%s$snapshots\" WHERE element_at(summary, 'added-records') IS NOT NULL".formatted(name)).getOnlyValue();

        long[] latencies = new long[records];
        for (int id = 0; id < records; id++) {
            latencies[id] = visible[id] - sent[id];
        }
        Arrays.sort(latencies);
        double target = io.airlift.units.Duration.valueOf(interval).getValue(TimeUnit.SECONDS) + 2;
        double p99 = percentile(latencies, 99) / 1e9;
        log("freshness %s: p50 %.2f s, p99 %.2f s", interval, percentile(latencies, 50) / 1e9, p99);
        return """
                ### Freshness, commit interval %s: %,d records at %,d records/s for %d s, 8 partitions

                | produce → visible to SELECT | p50 | p90 | p99 | max | target p99 ≤ | met |
                |---|---|---|---|---|---|---|
                | %,d records, %d commits, %d polling queries, %d duplicates | %.2f s | %.2f s | %.2f s | %.2f s | %.1f s | %s |

                """.formatted(interval, records, rate, seconds, records, commits, queries, duplicates,
                percentile(latencies, 50) / 1e9, percentile(latencies, 90) / 1e9, p99, latencies[records - 1] / 1e9, target, p99 <= target ? "yes" : "**no**");
    }

    /** One run of Kafka's ConsumerPerformance from the beginning of the topic, in a JVM of its own. */
    private static Run consumerPerformance(KafkaBroker broker, Processes processes, String classpath, String topic, int records)
            throws IOException, InterruptedException
    {
        Path directory = Files.createTempDirectory("floe-bench-tools");
        Path log4j = Files.writeString(directory.resolve("log4j2.properties"), TOOLS_LOG4J);
        Path times = directory.resolve("times");
        Path output = directory.resolve("output");
        // bash's times: the CPU the tool's JVM used, read after it exits
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "\"${@:2}\"; status=$?; times >\"$1\"; exit $status", "bench", times.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath,
                "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--messages", Integer.toString(records), "--group", "bench-" + System.nanoTime(), "--timeout", "60000")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Cpu before = processes.cpu();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("ConsumerPerformance failed: " + Files.readString(output));
        }
        Cpu after = processes.cpu();
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        List<String> lines = Files.readAllLines(output);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                header = i;
            }
        }
        if (header < 0 || header + 1 >= lines.size()) {
            throw new IllegalStateException("ConsumerPerformance printed no result: " + lines);
        }
        String[] names = lines.get(header).split(",\\s*");
        // the tool's own log lines may come between the header and the values
        String[] values = lines.subList(header + 1, lines.size()).stream()
                .map(line -> line.split(",\\s*"))
                .filter(fields -> fields.length == names.length)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("ConsumerPerformance printed no values: " + lines));
        Map<String, String> result = new HashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            result.put(names[i].trim(), values[i].trim());
        }
        long consumed = Long.parseLong(result.get("data.consumed.in.nMsg"));
        if (consumed < records) {
            throw new IllegalStateException("ConsumerPerformance read %s of %s records".formatted(consumed, records));
        }
        double fetchSeconds = Double.parseDouble(result.get("fetch.time.ms")) / 1000;
        double megabytes = Double.parseDouble(result.get("data.consumed.in.MB"));
        List<String> cpu = Files.readAllLines(times);
        double toolCpu = cpuSeconds(cpu.get(cpu.size() - 1));
        deleteRecursively(directory, ALLOW_INSECURE);
        return new Run(consumed, megabytes * 1024 * 1024, fetchSeconds, Optional.of(after.minus(before).plusSeconds(toolCpu)), Double.parseDouble(result.get("nMsg.sec")));
    }

    /** {@code 0m5.123s 0m1.234s}: user and system time of the shell's children. */
    private static double cpuSeconds(String timesLine)
    {
        double total = 0;
        for (String part : timesLine.trim().split("\\s+")) {
            String[] minutes = part.replace("s", "").split("m");
            total += Double.parseDouble(minutes[0]) * 60 + Double.parseDouble(minutes[1]);
        }
        return total;
    }

    /** A JSON record of exactly {@value #RECORD_BYTES} bytes (the note pads it). */
    static byte[] record(int id, Instant producedAt)
    {
        String head = "{\"id\":%d,\"customer\":\"customer-%07d\",\"region\":\"%s\",\"amount\":%d.%02d,\"quantity\":%d,\"status\":\"%s\",\"produced_at\":\"%s\",\"note\":\""
                .formatted(id, id % 1_000_003, REGIONS[id % REGIONS.length], id % 100_000, id % 100, 1 + id % 20, STATUSES[id % STATUSES.length],
                        ISO_OFFSET_DATE_TIME.format(producedAt.atOffset(UTC)));
        int padding = RECORD_BYTES - head.length() - 2;
        StringBuilder text = new StringBuilder(RECORD_BYTES).append(head);
        for (int i = 0; i < padding; i++) {
            text.append((char) ('a' + (id + i) % 26));
        }
        return text.append("\"}").toString().getBytes(UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker)
    {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * CPU seconds of this JVM's threads by group: the pipeline's lanes and its consumer thread (named by the runner),
     * and the JVM's own JIT compiler and garbage collector threads, which only /proc shows (its times are in
     * USER_HZ, 100 per second on Linux). Threads that ended count no more (the lanes of a dropped pipeline, compiler
     * threads the JVM stops when idle), so the JIT compiler's figure is a lower bound.
     */
    private static Map<String, Double> threadCpu(String pipeline)
            throws IOException
    {
        Map<String, Double> groups = new HashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info == null || nanos < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("floe-ingest-%s-lane-".formatted(pipeline)) ? LANES : name.equals("floe-ingest-" + pipeline) ? CONSUMER : null;
            if (group != null) {
                groups.merge(group, nanos / 1e9, Double::sum);
            }
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                }
                catch (IOException e) {
                    // the thread ended meanwhile
                    continue;
                }
                String group = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? JIT
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? GC : null;
                if (group != null) {
                    // after the name in parentheses: state is the first field, utime and stime the 12th and 13th
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(group, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
                }
            }
        }
        return groups;
    }

    private static double jvmCpuSeconds()
    {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double commitMillis(MaterializedRow commit)
    {
        return ((Number) commit.getField(0)).doubleValue();
    }

    private static void awaitCount(QueryRunner runner, String table, long expected, Duration timeout)
            throws InterruptedException
    {
        // a count is cheap (file statistics), but a query every second took a fifth of the Trino JVM's CPU from the
        // pipeline; the figures come from the commit times, so checking less often delays only the report
        long count = Polling.poll(timeout, Duration.ofSeconds(5), () -> (Long) runner.execute("SELECT count(*) FROM " + table).getOnlyValue(), rows -> rows == expected);
        if (count != expected) {
            throw new IllegalStateException("%s has %s rows, not %s, after %s".formatted(table, count, expected, timeout));
        }
    }

    private static String row(String label, Run run)
    {
        return "| %s | %s | %.1f | %s | %.1f | %s | %s |%n".formatted(label, format(run.recordsPerSecond()), run.megabytesPerSecond(),
                format(run.recordsPerSecond() / CORES), run.megabytesPerSecond() / CORES,
                run.cpu().map(cpu -> "%.1f".formatted(cpu.seconds())).orElse("—"), run.cpu().map(cpu -> format(run.records() / cpu.seconds())).orElse("—"));
    }

    private static String format(double value)
    {
        return "%,.0f".formatted(value);
    }

    private static long percentile(long[] sorted, double percentile)
    {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
    }

    private static double seconds(long nanos)
    {
        return nanos / 1e9;
    }

    private static void log(String format, Object... arguments)
    {
        // one write: once Trino's logging has taken over the standard streams, every write is a log line
        System.err.println("[benchmark] " + format.formatted(arguments));
    }

    /** @param withJoin ConsumerPerformance's rate including the consumer group join */
    private record Run(long records, double bytes, double seconds, Optional<Cpu> cpu, double withJoin)
    {
        double recordsPerSecond()
        {
            return records / seconds;
        }

        double megabytesPerSecond()
        {
            return bytes / seconds / 1e6;
        }
    }

    private record Cpu(double seconds)
    {
        Cpu minus(Cpu other)
        {
            return new Cpu(seconds - other.seconds);
        }

        Cpu plusSeconds(double more)
        {
            return new Cpu(seconds + more);
        }
    }

    /** CPU time of this JVM and of its child processes (the broker and the catalog server). */
    private static final class Processes
    {
        Cpu cpu()
        {
            double total = jvmCpuSeconds();
            for (ProcessHandle child : ProcessHandle.current().children().toList()) {
                Optional<Duration> cpu = child.info().totalCpuDuration();
                // the tools run under bash: their CPU is read from bash's times instead
                if (cpu.isPresent() && child.info().command().map(command -> command.endsWith("/java")).orElse(false)) {
                    total += cpu.get().toNanos() / 1e9;
                }
            }
            return new Cpu(total);
        }
    }
}
