package dev.floe.testing;

import io.airlift.log.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * A real S3-compatible server for tests: S3Proxy over jclouds' in-memory {@code transient} blob store, on a free
 * loopback port, without authorization (requests may be signed with any keys; the signature is not checked). It
 * starts with no buckets: a test creates them with {@link #createBucket}. {@link #close()} stops the server, and
 * everything stored goes with it.
 * <p>
 * S3Proxy runs in a forked JVM on the jars the build resolved for it into a classpath file next to this class (see
 * the pom): its Jetty 11 and jclouds must not meet a Trino test classpath. Its output goes to a log file under
 * {@code target/s3-server/}. Starting takes about 3 seconds, mostly the JVM and jclouds.
 */
public final class S3Server
        implements AutoCloseable
{
    private static final Logger log = Logger.get(S3Server.class);

    private static final String CLASSPATH_RESOURCE = "s3-server.classpath";
    private static final String SERVER_CLASS = "org.gaul.s3proxy.Main";
    // Jetty's startup line; port 0 lets the server bind any free port without a probe-then-bind race
    private static final Pattern LISTENING = Pattern.compile("Started ServerConnector@\\S+\\{HTTP/1\\.1, \\(http/1\\.1\\)\\}\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final String PROPERTIES = """
            s3proxy.endpoint=http://127.0.0.1:0
            s3proxy.authorization=none
            jclouds.provider=transient
            """;

    // logback's default configuration logs every Jetty detail at DEBUG
    private static final String LOGBACK_CONFIGURATION = """
            <configuration>
                <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                </appender>
                <root level="INFO"><appender-ref ref="console"/></root>
            </configuration>
            """;

    private final Process process;
    private final Path directory;
    private final URI uri;
    private final HttpClient client;
    private final Thread shutdownHook;

    private S3Server(Process process, Path directory, URI uri)
    {
        this.process = requireNonNull(process, "process is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // a test that never closes it must not leave a server running after the test JVM
        this.shutdownHook = new Thread(this::stop, "s3-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with no buckets and returns once it answers requests. */
    public static S3Server start()
    {
        String classpath = ForkedJvms.classpath(S3Server.class, CLASSPATH_RESOURCE, "S3 server", "floe-testing");
        Path directory;
        Path log;
        try {
            Path logs = Files.createDirectories(Path.of("target", "s3-server").toAbsolutePath());
            log = Files.createTempFile(logs, "s3proxy-", ".log");
            directory = Files.createTempDirectory("floe-s3-");
            Files.writeString(directory.resolve("s3proxy.properties"), PROPERTIES, UTF_8);
            Files.writeString(directory.resolve("logback.xml"), LOGBACK_CONFIGURATION, UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the S3 server's directories", e);
        }

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Djava.io.tmpdir=" + directory,
                "-Dlogback.configurationFile=" + directory.resolve("logback.xml"),
                "-cp", classpath,
                SERVER_CLASS,
                "--properties", directory.resolve("s3proxy.properties").toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());

        long start = System.nanoTime();
        Process process = null;
        try {
            process = builder.start();
            URI uri = awaitReady(process, log);
            S3Server.log.info("S3 server %s started in %s ms", uri, NANOSECONDS.toMillis(System.nanoTime() - start));
            return new S3Server(process, directory, uri);
        }
        catch (IOException | RuntimeException e) {
            if (process != null) {
                stop(process);
            }
            ForkedJvms.delete(directory);
            throw new IllegalStateException("The S3 server did not start; its log: " + log, e);
        }
    }

    /** The endpoint, {@code http://127.0.0.1:PORT}; buckets are addressed in the path (path-style access). */
    public URI uri()
    {
        return uri;
    }

    /** Creates an empty bucket. */
    public void createBucket(String name)
    {
        requireNonNull(name, "name is null");
        HttpRequest request = HttpRequest.newBuilder(uri.resolve("/" + name))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Creating bucket %s failed with HTTP %s: %s".formatted(name, response.statusCode(), response.body()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create bucket " + name, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating bucket " + name, e);
        }
    }

    @Override
    public void close()
    {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook stops the server
        }
        stop();
    }

    private void stop()
    {
        client.close();
        stop(process);
        ForkedJvms.delete(directory);
    }

    private static URI awaitReady(Process process, Path log)
            throws IOException
    {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The server exited with code %s during startup:%n%s".formatted(process.exitValue(), tail(Files.readString(log, UTF_8))));
                }
                // Jetty logs the connector's port once it accepts connections
                Matcher matcher = LISTENING.matcher(Files.readString(log, UTF_8));
                if (matcher.find()) {
                    return URI.create("http://127.0.0.1:" + matcher.group(1));
                }
                Thread.sleep(50);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the server", e);
        }
        throw new IllegalStateException("The server did not start listening within " + STARTUP_TIMEOUT);
    }

    private static String tail(String text)
    {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    /** Kills the server: what it stored is in its memory only, so a graceful stop would only cost time. */
    private static void stop(Process process)
    {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
