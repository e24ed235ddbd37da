package dev.floe.access.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.log.Logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Hands audit records to Floe's query history (plugin-event-listener), which commits them to its
 * {@code access_audit} table. The hand-over is a directory both plugins are configured with: records are appended,
 * one history row per line, to a {@code .open} file that is forced to disk and renamed to {@code .rows} every second;
 * the history takes {@code .rows} files into its write-ahead spool. A rename is atomic, so the history never reads a
 * file being written, and nothing acknowledged by the file system is lost when a server is killed.
 */
public final class AuditHistoryWriter
        implements AutoCloseable
{
    private static final Logger log = Logger.get(AuditHistoryWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String prefix = UUID.randomUUID().toString();
    private final ScheduledExecutorService rotator = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("floe-audit-history").factory());
    // guarded by this
    private long sequence;
    private Optional<OpenFile> open = Optional.empty();

    public AuditHistoryWriter(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("floe.audit.history-directory: cannot create " + directory, e);
        }
        rotator.scheduleWithFixedDelay(this::rotate, 1, 1, TimeUnit.SECONDS);
    }

    /** Appends one row of the history's access_audit table: {@code {"t":"access_audit","v":{…}}}. */
    public synchronized void append(ObjectNode values)
    {
        ObjectNode row = JSON.createObjectNode();
        row.put("t", "access_audit");
        row.set("v", values);
        try {
            if (open.isEmpty()) {
                open = Optional.of(new OpenFile(directory.resolve("%s-%020d.open".formatted(prefix, sequence++))));
            }
            open.get().writer.write(JSON.writeValueAsString(row));
            open.get().writer.write('\n');
            // to the operating system now, so that a killed server loses nothing; forced to disk at rotation
            open.get().writer.flush();
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        catch (IOException e) {
            log.error(e, "Cannot write an audit record to %s; it is only in the server log", directory);
        }
    }

    /** Seals the file being written, so that the history can take it. */
    public synchronized void rotate()
    {
        if (open.isEmpty()) {
            return;
        }
        OpenFile file = open.get();
        open = Optional.empty();
        try {
            file.close();
            String name = file.path.getFileName().toString();
            Files.move(file.path, file.path.resolveSibling(name.substring(0, name.length() - ".open".length()) + ".rows"), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            log.error(e, "Cannot seal audit file %s", file.path);
        }
    }

    @Override
    public void close()
    {
        rotator.shutdownNow();
        rotate();
    }

    private static final class OpenFile
    {
        private final Path path;
        private final FileChannel channel;
        private final BufferedWriter writer;

        OpenFile(Path path)
                throws IOException
        {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
        }

        void close()
                throws IOException
        {
            writer.flush();
            channel.force(false);
            writer.close();
        }
    }
}
