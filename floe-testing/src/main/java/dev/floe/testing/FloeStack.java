package dev.floe.testing;

import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.util.Objects.requireNonNull;

/**
 * The real stack for end-to-end tests: runs {@code bin/floe up} — the same code path a user runs — with its
 * state under a test directory and free loopback ports, and {@code bin/floe down} on close, also after a failure.
 */
public final class FloeStack
        implements AutoCloseable
{
    private static final Logger log = Logger.get(FloeStack.class);
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);

    private final Path repositoryRoot;
    private final Path home;
    private final Map<String, String> environment;
    private final int coordinatorPort;
    private final int kafkaPort;
    private final int resultCachePort;

    private FloeStack(Path repositoryRoot, Path home, List<Integer> ports)
    {
        this.repositoryRoot = requireNonNull(repositoryRoot, "repositoryRoot is null");
        this.home = requireNonNull(home, "home is null");
        this.coordinatorPort = ports.get(0);
        this.kafkaPort = ports.get(3);
        this.resultCachePort = ports.get(5);
        this.environment = ImmutableMap.of(
                "FLOE_HOME", home.toString(),
                "FLOE_COORDINATOR_PORT", Integer.toString(coordinatorPort),
                "FLOE_WORKER_PORT", Integer.toString(ports.get(1)),
                "FLOE_CATALOG_PORT", Integer.toString(ports.get(2)),
                "FLOE_KAFKA_PORT", Integer.toString(kafkaPort),
                // the broker's KRaft controller listener: no client uses it, but the default 9093 may be taken
                "FLOE_KAFKA_CONTROLLER_PORT", Integer.toString(ports.get(4)),
                "FLOE_RESULT_CACHE_PORT", Integer.toString(resultCachePort));
    }

    /**
     * Starts the stack from an empty state directory, as on a fresh clone: a stack a previous run left in
     * {@code home} is stopped and its state deleted first. If {@code up} fails, whatever it started is
     * stopped before the exception leaves.
     */
    public static FloeStack start(Path home)
    {
        FloeStack stack = new FloeStack(findRepositoryRoot(), home.toAbsolutePath(), freePorts(6));
        if (Files.exists(stack.home)) {
            stack.run(DOWN_TIMEOUT, "down");
            try {
                deleteRecursively(stack.home, ALLOW_INSECURE);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot empty the state directory " + stack.home, e);
            }
        }
        try {
            stack.run(UP_TIMEOUT, "up");
        }
        catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public Path home()
    {
        return home;
    }

    public String jdbcUrl()
    {
        return "jdbc:trino://127.0.0.1:" + coordinatorPort;
    }

    /** The result cache in front of the coordinator: the same client protocol, e.g. for {@code jdbc:trino://}. */
    public URI resultCacheUri()
    {
        return URI.create("http://127.0.0.1:" + resultCachePort);
    }

    /** The stack's Kafka broker, {@code 127.0.0.1:PORT}, for the clients' {@code bootstrap.servers}. */
    public String kafkaBootstrapServers()
    {
        return "127.0.0.1:" + kafkaPort;
    }

    /**
     * The process of a service of the stack ({@code catalog}, {@code kafka}, {@code coordinator}, {@code worker})
     * as its pid file names it, while that process runs.
     */
    public Optional<ProcessHandle> process(String service)
    {
        Path pidFile = home.resolve("run").resolve(service + ".pid");
        try {
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
            if (!pid.matches("[0-9]+")) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
    }

    public Connection connect(String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Runs a {@code bin/floe} subcommand against this stack and returns its standard output. */
    public String run(Duration timeout, String... arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot.resolve("bin/floe").toString());
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(home);
            Path output = Files.createTempFile(home, "floe-" + arguments[0] + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(repositoryRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("bin/floe %s did not finish within %s; output: %s".formatted(String.join(" ", arguments), timeout, output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("bin/floe %s failed with exit code %s:%n%s".formatted(String.join(" ", arguments), process.exitValue(), text));
            }
            return text;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running bin/floe " + arguments[0], e);
        }
    }

    @Override
    public void close()
    {
        try {
            run(DOWN_TIMEOUT, "down");
        }
        catch (RuntimeException e) {
            log.error(e, "bin/floe down failed for %s", home);
            throw e;
        }
    }

    /** The repository root: {@code -Dfloe.root}, else the nearest directory upwards holding {@code bin/floe}. */
    public static Path findRepositoryRoot()
    {
        String configured = System.getProperty("floe.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isExecutable(directory.resolve("bin/floe"))) {
                return directory;
            }
        }
        throw new IllegalStateException("No bin/floe found above " + Path.of("").toAbsolutePath() + "; set -Dfloe.root");
    }

    private static List<Integer> freePorts(int count)
    {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                }
                catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }
}
