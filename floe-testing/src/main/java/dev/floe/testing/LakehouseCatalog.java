package dev.floe.testing;

import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The project's real lakehouse catalog for in-process tests: Apache Iceberg's REST catalog server of module
 * {@code lakehouse-rest-catalog} (SQLite-backed), on a free loopback port, with its SQLite file and warehouse in a
 * temporary directory that {@link #close()} deletes together with stopping the server.
 * <p>
 * The server runs in a forked JVM because it is built on Jetty 11 (Iceberg's REST servlet needs it), while every
 * Trino test classpath carries Jetty 12. Its classpath is the one {@code lakehouse-rest-catalog}'s own pom resolves,
 * written into this module at build time (see the pom). Its output goes to a log file under {@code target/}.
 */
public final class LakehouseCatalog
        implements AutoCloseable
{
    private static final String CLASSPATH_RESOURCE = "lakehouse-catalog.classpath";
    private static final String SERVER_CLASS = "dev.floe.lakehouse.LakehouseCatalogServer";
    // the server's startup line; port 0 lets it bind any free port without a probe-then-bind race
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path directory;
    private final URI uri;
    private final Thread shutdownHook;

    private LakehouseCatalog(Process process, Path directory, URI uri)
    {
        this.process = requireNonNull(process, "process is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.uri = requireNonNull(uri, "uri is null");
        // a test that never closes it must not leave a server running after the test JVM
        this.shutdownHook = new Thread(this::stop, "lakehouse-catalog-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with an empty catalog and returns once it answers {@code GET /v1/config}. */
    public static LakehouseCatalog start()
    {
        String classpath = ForkedJvms.classpath(LakehouseCatalog.class, CLASSPATH_RESOURCE, "lakehouse catalog", "lakehouse-rest-catalog and floe-testing");
        Path directory;
        Path log;
        try {
            Path logs = Files.createDirectories(Path.of("target", "lakehouse-catalog").toAbsolutePath());
            log = Files.createTempFile(logs, "catalog-", ".log");
            directory = Files.createTempDirectory("floe-lakehouse-");
            Files.createDirectories(directory.resolve("warehouse"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the lakehouse catalog's directories", e);
        }

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                // sqlite-jdbc unpacks its native library here: gone with the directory
                "-Djava.io.tmpdir=" + directory,
                "-cp", classpath,
                SERVER_CLASS)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CATALOG_"));
        environment.put("CATALOG_URI", "jdbc:sqlite:" + directory.resolve("catalog.db"));
        environment.put("CATALOG_WAREHOUSE", directory.resolve("warehouse").toUri().toString());
        environment.put("CATALOG_IO__IMPL", "org.apache.iceberg.hadoop.HadoopFileIO");
        environment.put("CATALOG_REST_HOST", "127.0.0.1");
        environment.put("CATALOG_REST_PORT", "0");

        Process process = null;
        try {
            process = builder.start();
            URI uri = awaitReady(process, log);
            return new LakehouseCatalog(process, directory, uri);
        }
        catch (IOException | RuntimeException e) {
            if (process != null) {
                stop(process);
            }
            ForkedJvms.delete(directory);
            throw new IllegalStateException("The lakehouse catalog server did not start; its log: " + log, e);
        }
    }

    /** The REST catalog's base URI, {@code http://127.0.0.1:PORT}. */
    public URI uri()
    {
        return uri;
    }

    /** Where table data and metadata go; deleted on {@link #close()}. */
    public Path warehouse()
    {
        return directory.resolve("warehouse");
    }

    /** Properties of a Trino Iceberg catalog on this server, as the stack's {@code etc/catalog/lakehouse.properties}. */
    public Map<String, String> icebergCatalogProperties()
    {
        return ImmutableMap.of(
                "iceberg.catalog.type", "rest",
                "iceberg.rest-catalog.uri", uri.toString(),
                // the server hands out absolute file:/ locations; the native local file system at / resolves them
                "fs.native-local.enabled", "true",
                "local.location", "/");
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
        stop(process);
        ForkedJvms.delete(directory);
    }

    private static URI awaitReady(Process process, Path log)
            throws IOException
    {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Optional<URI> uri = Optional.empty();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The server exited with code %s during startup:%n%s".formatted(process.exitValue(), tail(Files.readString(log, UTF_8))));
                }
                if (uri.isEmpty()) {
                    Matcher matcher = LISTENING.matcher(Files.readString(log, UTF_8));
                    if (matcher.find()) {
                        uri = Optional.of(URI.create("http://127.0.0.1:" + matcher.group(1)));
                    }
                }
                if (uri.isPresent() && answers(client, uri.get())) {
                    return uri.get();
                }
                Thread.sleep(100);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the server", e);
        }
        throw new IllegalStateException("The server did not answer GET /v1/config within " + STARTUP_TIMEOUT);
    }

    private static String tail(String text)
    {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    private static boolean answers(HttpClient client, URI uri)
            throws InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(5)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static void stop(Process process)
    {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
