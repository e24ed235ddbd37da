package dev.floe.e2e;

import dev.floe.testing.FloeStack;
import dev.floe.testing.Polling;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Exactly once through crashes of the real server: a pipeline of the stack ({@code bin/floe up}) ingests 1,000,000
 * JSON records from 8 partitions of the stack's broker while the Trino process running it (the worker: the
 * coordinator schedules no work) is killed with SIGKILL 10 times at random moments, each time brought back with
 * {@code bin/floe up}. Afterwards the table holds every produced record exactly once, with its content.
 */
@TestInstance(PER_CLASS)
@ExtendWith(SharedStack.class)
@Order(2)
final class TestIngestKill
{
    private static final int RECORDS = 1_000_000;
    private static final int PARTITIONS = 8;
    private static final int KILLS = 10;
    private static final String TOPIC = "e2e_kill_orders";
    private static final String TABLE = "lakehouse.ingest_e2e.orders";
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    private FloeStack stack;

    @BeforeAll
    void useStack(FloeStack stack)
    {
        this.stack = stack;
    }

    @Test
    void millionRecordsLandExactlyOnceThroughTenKillsOfTheServerRunningThePipeline()
            throws Exception
    {
        long started = System.nanoTime();
        long seed = Long.getLong("floe.e2e.kill-seed", System.nanoTime());
        Random random = new Random(seed);
        log("seed %s (rerun with -Dfloe.e2e.kill-seed=%s)", seed, seed);

        createTopic();
        execute("CREATE SCHEMA lakehouse.ingest_e2e");
        execute("CREATE TABLE %s (id bigint, customer varchar, amount decimal(12, 2), quantity integer, note varchar, created_at timestamp(6) with time zone)".formatted(TABLE));
        // a commit every second: more commits, so that kills also land in the middle of one
        execute("CALL ingest.system.create_pipeline('e2e_kill', '%s', '%s', 'json', '{\"commit_interval\": \"1s\"}')".formatted(TOPIC, TABLE));
        // the process killed below must be the one running the pipeline
        String worker = row("SELECT node_id FROM system.runtime.nodes WHERE NOT coordinator").getFirst();
        awaitValue("the pipeline runs on the worker (null: no node reports it, so none runs it)",
                "SELECT concat(max(state), ' on ', max(node)) FROM ingest.system.pipelines WHERE name = 'e2e_kill'", "RUNNING on " + worker);

        AtomicReference<Plan> plan = new AtomicReference<>();
        AtomicLong produced = new AtomicLong();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        AtomicBoolean stopProducing = new AtomicBoolean();
        Thread producer = Thread.ofPlatform().name("e2e-kill-producer").start(() -> produce(plan, stopProducing, produced, producerFailure));
        try {
            List<KillPoint> kills = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                // the next share of the records, sent evenly until a second after the kill: the pipeline is reading
                // and writing a batch when it dies (it commits every second), and finds a backlog when it comes back
                long delay = 1_000 + random.nextInt(4_001);
                plan.set(new Plan(produced.get(), (long) kill * RECORDS / (KILLS + 1), System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(delay + 1_000)));
                Thread.sleep(delay);
                kills.add(killWorkerAndRestart(kill, produced.get()));
                log("kill %s after %s ms: %s", kill, delay, kills.getLast());
            }
            plan.set(new Plan(produced.get(), RECORDS, System.nanoTime(), 0));
            long killPhase = System.nanoTime();

            // the kills hit a pipeline at work: rows committed, but not all of those produced
            List<KillPoint> midway = kills.stream().filter(point -> point.rows() > 0 && point.rows() < point.produced()).toList();
            assertThat(midway).as("kills with some but not all produced rows committed: %s", kills).hasSizeGreaterThanOrEqualTo(KILLS - 2);

            producer.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(producerFailure.get()).as("producer failure").isNull();
            assertThat(produced.get()).isEqualTo(RECORDS);

            long rows = Polling.poll(CATCH_UP_TIMEOUT, Duration.ofSeconds(1), this::count, count -> count >= RECORDS);
            log("all rows after %.0f s of catching up (%.0f s in all)", (System.nanoTime() - killPhase) / 1e9, (System.nanoTime() - started) / 1e9);
            assertThat(rows).as("rows").isEqualTo(RECORDS);
            // nothing left to read, and still exactly the records a few commit intervals later
            awaitValue("nothing left to read", "SELECT max(lag) FROM ingest.system.pipelines WHERE name = 'e2e_kill'", "0");
            Thread.sleep(3_000);

            Expected expected = Expected.compute();
            assertThat(row("""
                    SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id), sum(quantity), sum(amount), sum(crc32(to_utf8(note))),
                           count_if(customer = concat('c', lpad(CAST(id %% 50000 AS varchar), 5, '0'))),
                           count_if(CAST(to_unixtime(created_at) * 1000 AS bigint) = 1700000000000 + id)
                    FROM %s""".formatted(TABLE)))
                    .containsExactly(
                            String.valueOf(RECORDS), String.valueOf(RECORDS), "0", String.valueOf(RECORDS - 1), String.valueOf(expected.idSum()),
                            String.valueOf(expected.quantitySum()), expected.amountSum().toPlainString(), String.valueOf(expected.noteCrcSum()),
                            String.valueOf(RECORDS), String.valueOf(RECORDS));
            assertThat(row("SELECT count(*) FROM %s__dlq".formatted(TABLE))).containsExactly("0");
            log("done in %.0f s", (System.nanoTime() - started) / 1e9);
        }
        finally {
            stopProducing.set(true);
            producer.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    /** Just before a kill: the rows committed, the records sent by then and the pipeline's state; then how long up took. */
    private record KillPoint(long rows, long produced, String state, long restartMillis) {}

    /** Send records up to {@code to}, evenly from {@code from} over {@code nanos} from {@code start}. */
    private record Plan(long from, long to, long start, long nanos)
    {
        long due(long now)
        {
            return nanos <= 0 || now - start >= nanos ? to : from + (to - from) * (now - start) / nanos;
        }
    }

    private KillPoint killWorkerAndRestart(int kill, long producedBefore)
            throws Exception
    {
        // a scalar subquery: the status row is missing while the restarted worker has not taken the pipeline yet
        List<String> status = row("SELECT (SELECT count(*) FROM %s), (SELECT max(state) FROM ingest.system.pipelines WHERE name = 'e2e_kill')".formatted(TABLE));
        Map<String, Long> others = Map.of(
                "catalog", stack.process("catalog").orElseThrow().pid(),
                "kafka", stack.process("kafka").orElseThrow().pid(),
                "coordinator", stack.process("coordinator").orElseThrow().pid());
        ProcessHandle worker = stack.process("worker").orElseThrow(() -> new AssertionError("no worker before kill " + kill));
        // destroyForcibly is SIGKILL: no shutdown hook, no stop of the runner, no last commit
        worker.destroyForcibly();
        worker.onExit().get(1, TimeUnit.MINUTES);

        long restart = System.nanoTime();
        String output = stack.run(RESTART_TIMEOUT, "up");
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart);
        // up starts only what is down: the same catalog, broker and coordinator, a new worker
        assertThat(output).contains("starting: worker");
        others.forEach((service, pid) -> assertThat(stack.process(service).map(ProcessHandle::pid)).as("%s after kill %s", service, kill).contains(pid));
        assertThat(stack.process("worker").map(ProcessHandle::pid)).as("worker after kill %s", kill).isPresent().get().isNotEqualTo(worker.pid());
        return new KillPoint(Long.parseLong(status.get(0)), producedBefore, status.get(1), restartMillis);
    }

    /** Sends records 0, 1, ... in order as the plan makes them due, until all are sent or it is stopped. */
    private void produce(AtomicReference<Plan> plan, AtomicBoolean stop, AtomicLong produced, AtomicReference<Throwable> failure)
    {
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            int id = 0;
            while (id < RECORDS && !stop.get()) {
                Plan current = plan.get();
                long due = current == null ? 0 : current.due(System.nanoTime());
                for (; id < due; id++) {
                    producer.send(new ProducerRecord<>(TOPIC, id % PARTITIONS, Integer.toString(id).getBytes(UTF_8), record(id).getBytes(UTF_8)), (metadata, exception) -> {
                        if (exception != null) {
                            failure.compareAndSet(null, exception);
                        }
                    });
                    produced.set(id + 1L);
                }
                Thread.sleep(10);
            }
            producer.flush();
        }
        catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** About 150 bytes of JSON, every value derived from the id. */
    private static String record(int id)
    {
        return "{\"id\":%d,\"customer\":\"c%05d\",\"amount\":\"%d.%02d\",\"quantity\":%d,\"note\":\"%s\",\"created_at\":%d}"
                .formatted(id, id % 50_000, id % 10_000, id % 100, 1 + id % 9, note(id), 1_700_000_000_000L + id);
    }

    private static String note(int id)
    {
        long mixed = id * 0x9E3779B97F4A7C15L;
        return "order %d of batch %d, checksum %016x, priority %s".formatted(id, id / 1000, mixed ^ (mixed >>> 29), (id % 3 == 0) ? "high" : "normal");
    }

    private record Expected(long idSum, long quantitySum, BigDecimal amountSum, long noteCrcSum)
    {
        static Expected compute()
        {
            long ids = 0;
            long quantities = 0;
            long cents = 0;
            long crcs = 0;
            CRC32 crc = new CRC32();
            for (int id = 0; id < RECORDS; id++) {
                ids += id;
                quantities += 1 + id % 9;
                cents += (id % 10_000) * 100L + id % 100;
                crc.reset();
                crc.update(note(id).getBytes(UTF_8));
                crcs += crc.getValue();
            }
            return new Expected(ids, quantities, BigDecimal.valueOf(cents, 2), crcs);
        }
    }

    private void createTopic()
            throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(1, TimeUnit.MINUTES);
            // committed by the controller; served once the broker knows a leader for every partition
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!served(admin)) {
                assertThat(System.nanoTime()).as("every partition of %s has a leader", TOPIC).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static boolean served(Admin admin)
            throws Exception
    {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(1, TimeUnit.MINUTES).get(TOPIC);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return description.partitions().size() == PARTITIONS &&
                description.partitions().stream().allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    private long count()
            throws SQLException
    {
        return Long.parseLong(row("SELECT count(*) FROM " + TABLE).getFirst());
    }

    private void awaitValue(String description, String sql, String expected)
            throws SQLException, InterruptedException
    {
        List<String> last = Polling.poll(Duration.ofMinutes(1), Duration.ofMillis(500), () -> row(sql), List.of(expected)::equals);
        assertThat(last).as("%s: %s", description, sql).containsExactly(expected);
    }

    private void execute(String sql)
            throws SQLException
    {
        try (Connection connection = stack.connect("admin"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> row(String sql)
            throws SQLException
    {
        try (Connection connection = stack.connect("admin");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s", sql).isTrue();
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                row.add(result.getString(column));
            }
            assertThat(result.next()).as("one row from %s", sql).isFalse();
            return row;
        }
    }

    private static void log(String format, Object... arguments)
    {
        System.out.printf("[TestIngestKill] " + format + "%n", arguments);
    }
}
