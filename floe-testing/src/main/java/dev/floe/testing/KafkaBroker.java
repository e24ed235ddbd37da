package dev.floe.testing;

import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * A real single-node Apache Kafka broker for tests: broker and KRaft controller in one forked JVM, PLAINTEXT on a
 * free loopback port, every internal topic (consumer offsets, transaction state) with one partition and one replica
 * so that consumer groups and transactions work at once. Topics are not created on first use: a test creates them
 * with {@link #createTopic}. {@link #close()} stops the broker and deletes its data.
 * <p>
 * The broker runs on Apache Kafka's own jars, resolved at build time into a classpath file next to this class (see
 * the pom), so that none of them (Scala, the broker's kafka-clients) reaches the test classpath. Its output goes to
 * a log file under {@code target/kafka-broker/}.
 */
public final class KafkaBroker
        implements AutoCloseable
{
    private static final Logger log = Logger.get(KafkaBroker.class);

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
    private static final String BROKER_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL_CLASS = "kafka.tools.StorageTool";
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // the ports are probed free, then bound by the broker: another process may take one in between
    private static final int START_ATTEMPTS = 3;

    private static final String LOG4J_CONFIGURATION = """
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.console.ref = console
            # the values of every configuration at startup: hundreds of lines
            logger.config.name = org.apache.kafka.common.config.AbstractConfig
            logger.config.level = WARN
            """;

    private final Process process;
    private final Path directory;
    private final String bootstrapServers;
    private final Admin admin;
    private final Thread shutdownHook;

    private KafkaBroker(Process process, Path directory, String bootstrapServers, Admin admin)
    {
        this.process = requireNonNull(process, "process is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
        this.admin = requireNonNull(admin, "admin is null");
        // a test that never closes it must not leave a broker running after the test JVM
        this.shutdownHook = new Thread(this::stop, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with no topics and returns once it answers requests. */
    public static KafkaBroker start()
    {
        return start(ImmutableMap.of());
    }

    /** Starts a broker whose configuration has these properties added to, or replacing, the defaults of this class. */
    public static KafkaBroker start(Map<String, String> brokerProperties)
    {
        requireNonNull(brokerProperties, "brokerProperties is null");
        String classpath = ForkedJvms.classpath(KafkaBroker.class, CLASSPATH_RESOURCE, "Kafka broker", "floe-testing");
        Path logs;
        try {
            logs = Files.createDirectories(Path.of("target", "kafka-broker").toAbsolutePath());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka broker's log directory", e);
        }
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                KafkaBroker broker = startOnce(classpath, logs, brokerProperties);
                log.info("Kafka broker %s started in %s ms", broker.bootstrapServers(), NANOSECONDS.toMillis(System.nanoTime() - start));
                return broker;
            }
            catch (PortTakenException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("The Kafka broker did not start; its log: " + e.log, e);
                }
            }
        }
    }

    /** {@code 127.0.0.1:PORT}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** Creates a topic with one replica and returns once the broker serves all its partitions. */
    public void createTopic(String name, int partitions)
    {
        requireNonNull(name, "name is null");
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(REQUEST_TIMEOUT.toMillis(), MILLISECONDS);
            // the controller has committed the topic; the broker learns it from the metadata log a moment later
            long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
            while (!served(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topic %s has no leader for each of its %s partitions after %s".formatted(name, partitions, REQUEST_TIMEOUT));
                }
                Thread.sleep(20);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }

    /**
     * Every record of the topic a consumer of this isolation level may see, from all its partitions, each partition
     * in order: up to the end offsets when called.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, IsolationLevel isolationLevel)
    {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topic %s not read to its end within %s".formatted(topic, REQUEST_TIMEOUT));
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close()
    {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook stops the broker
        }
        stop();
    }

    private void stop()
    {
        admin.close(Duration.ZERO);
        stop(process);
        ForkedJvms.delete(directory);
    }

    /** Whether the broker knows the topic and a leader for each of its partitions. */
    private boolean served(String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException
    {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(REQUEST_TIMEOUT.toMillis(), MILLISECONDS).get(topic);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        if (description.partitions().size() != partitions ||
                !description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty())) {
            return false;
        }
        // The metadata names the leader before the broker has taken up its partitions; a producer that writes in
        // between gets NOT_LEADER_OR_FOLLOWER and then, being idempotent, OUT_OF_ORDER_SEQUENCE until its delivery
        // timeout. Only a partition's leader answers ListOffsets.
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        try {
            admin.listOffsets(latest).all().get(REQUEST_TIMEOUT.toMillis(), MILLISECONDS);
            return true;
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    private static KafkaBroker startOnce(String classpath, Path logs, Map<String, String> brokerProperties)
            throws PortTakenException
    {
        Path directory;
        Path log;
        try {
            directory = Files.createTempDirectory("floe-kafka-");
            log = Files.createTempFile(logs, "broker-", ".log");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka broker's directories", e);
        }

        Process process = null;
        try {
            int[] ports = freePorts(2);
            Properties properties = new Properties();
            properties.putAll(brokerProperties(directory.resolve("data"), ports[0], ports[1]));
            properties.putAll(brokerProperties);
            Path configuration = directory.resolve("server.properties");
            try (Writer writer = Files.newBufferedWriter(configuration, UTF_8)) {
                properties.store(writer, null);
            }
            Files.writeString(directory.resolve("log4j2.properties"), LOG4J_CONFIGURATION, UTF_8);

            format(classpath, directory, configuration, log);
            process = java(classpath, directory, log, List.of("-Xms128m", "-Xmx512m"), BROKER_CLASS, configuration.toString()).start();
            String bootstrapServers = HOST + ":" + ports[0];
            return new KafkaBroker(process, directory, bootstrapServers, awaitReady(process, bootstrapServers, ports[0], log));
        }
        catch (IOException | RuntimeException e) {
            if (process != null) {
                stop(process);
            }
            ForkedJvms.delete(directory);
            if (e instanceof IllegalStateException && logText(log).contains("Address already in use")) {
                throw new PortTakenException(log, e);
            }
            throw new IllegalStateException("The Kafka broker did not start; its log: " + log, e);
        }
    }

    private static Map<String, String> brokerProperties(Path data, int port, int controllerPort)
    {
        return ImmutableMap.<String, String>builder()
                .put("process.roles", "broker,controller")
                .put("node.id", "1")
                .put("controller.quorum.voters", "1@%s:%s".formatted(HOST, controllerPort))
                .put("listeners", "PLAINTEXT://%s:%s,CONTROLLER://%s:%s".formatted(HOST, port, HOST, controllerPort))
                .put("advertised.listeners", "PLAINTEXT://%s:%s".formatted(HOST, port))
                .put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .put("controller.listener.names", "CONTROLLER")
                .put("inter.broker.listener.name", "PLAINTEXT")
                .put("log.dirs", data.toString())
                .put("auto.create.topics.enable", "false")
                .put("num.partitions", "1")
                // one replica of each internal topic, and one partition instead of 50: created fast on first use
                .put("offsets.topic.replication.factor", "1")
                .put("offsets.topic.num.partitions", "1")
                .put("transaction.state.log.replication.factor", "1")
                .put("transaction.state.log.min.isr", "1")
                .put("transaction.state.log.num.partitions", "1")
                .put("share.coordinator.state.topic.replication.factor", "1")
                .put("share.coordinator.state.topic.min.isr", "1")
                // a consumer group's first member gets its partitions at once instead of after 3 s
                .put("group.initial.rebalance.delay.ms", "0")
                // the compaction buffer (128 MB by default) is allocated at startup and would take a quarter of the heap
                .put("log.cleaner.dedupe.buffer.size", "16777216")
                // the defaults (3 and 8) are sized for a server, not for a test broker on a shared machine
                .put("num.network.threads", "2")
                .put("num.io.threads", "4")
                .buildOrThrow();
    }

    /** Writes the cluster id and the initial metadata into the empty data directory, as the broker requires. */
    private static void format(String classpath, Path directory, Path configuration, Path log)
            throws IOException
    {
        // short-lived: the client compiler and the serial collector start fastest
        Process format = java(classpath, directory, log, List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), STORAGE_TOOL_CLASS,
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configuration.toString()).start();
        try {
            if (!format.waitFor(STARTUP_TIMEOUT.toMillis(), MILLISECONDS)) {
                stop(format);
                throw new IllegalStateException("Formatting the broker's storage took longer than " + STARTUP_TIMEOUT);
            }
        }
        catch (InterruptedException e) {
            stop(format);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting the broker's storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("Formatting the broker's storage failed with exit code %s:%n%s".formatted(format.exitValue(), tail(logText(log))));
        }
    }

    private static ProcessBuilder java(String classpath, Path directory, Path log, List<String> jvmOptions, String mainClass, String... arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                // few threads and a small heap: a test broker shares the machine with the test JVM
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                // index files are memory-mapped and unmapped through Unsafe
                "--sun-misc-unsafe-memory-access=allow",
                // the compression libraries unpack their native code here: gone with the directory
                "-Djava.io.tmpdir=" + directory,
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"),
                "-cp", classpath,
                mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Waits until the broker answers requests, and returns an Admin client connected to it. */
    private static Admin awaitReady(Process process, String bootstrapServers, int port, Path log)
    {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Admin admin = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The broker exited with code %s during startup:%n%s".formatted(process.exitValue(), tail(logText(log))));
                }
                // a client created earlier would log every refused connection while the JVM starts
                if (admin == null && accepts(port)) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "floe-testing-kafka-broker"));
                }
                if (admin != null && answers(admin)) {
                    return admin;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("The broker did not answer within " + STARTUP_TIMEOUT);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(admin);
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
        catch (RuntimeException e) {
            closeQuietly(admin);
            throw e;
        }
    }

    private static boolean accepts(int port)
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    /** The listener accepts connections early; requests are served once the broker is registered and unfenced. */
    private static boolean answers(Admin admin)
            throws InterruptedException
    {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_000)).nodes().get(2, SECONDS).isEmpty();
        }
        catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Distinct ports that were free a moment ago. */
    private static int[] freePorts(int count)
            throws IOException
    {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // held open until all are chosen, so the same port is not handed out twice
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String logText(Path log)
    {
        try {
            return Files.readString(log, UTF_8);
        }
        catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text)
    {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    private static void closeQuietly(Admin admin)
    {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }

    /** Kills the broker: its data goes with the directory, so a controlled shutdown would only cost seconds. */
    private static void stop(Process process)
    {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** The broker could not bind a port it was given: worth another attempt with other ports. */
    private static final class PortTakenException
            extends Exception
    {
        private final Path log;

        PortTakenException(Path log, Throwable cause)
        {
            super("A port of the Kafka broker was taken", cause);
            this.log = requireNonNull(log, "log is null");
        }
    }
}
