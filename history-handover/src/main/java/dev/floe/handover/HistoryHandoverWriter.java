package dev.floe.handover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.log.Logger;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Hands rows to Floe's query history (plugin-event-listener), which commits them to its tables. The hand-over is a
 * directory the history is configured with (its {@code history.access-audit.directory}): rows are appended, one per
 * line as {@code {"t":"<table>","v":{…}}}, to a {@code <uuid>-NNN.open} file that is forced to disk and renamed to
 * {@code .rows} every second; the history takes {@code .rows} files into its write-ahead spool. A rename is atomic, so
 * the history never reads a file being written, and a sealed file survives a crash. Each row is handed to the
 * operating system as it is appended, so killing the process loses none of the rows of sealed files; the file open
 * at that moment is not sealed by anyone and its rows never reach the history.
 */
public final class HistoryHandoverWriter
        implements AutoCloseable
{
    private static final Logger log = Logger.get(HistoryHandoverWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = ".open";
    private static final String SEALED = ".rows";

    private final Path directory;
    // several writers (processes, or instances in one) share the directory
    private final String prefix = UUID.randomUUID().toString();
    private final ScheduledExecutorService rotator = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("floe-history-handover").factory());
    // guarded by this
    private long sequence;
    private Optional<OpenFile> open = Optional.empty();
    private boolean closed;

    /** Creates the directory if it does not exist; seals the file being written every second until closed. */
    public HistoryHandoverWriter(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the history hand-over directory " + directory, e);
        }
        rotator.scheduleWithFixedDelay(this::rotate, 1, 1, TimeUnit.SECONDS);
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * Appends one row of the history table {@code table}: the values by column name, times as epoch microseconds,
     * arrays of strings as JSON arrays. An I/O failure is logged and loses the row; it is not thrown, as the callers
     * (access checks, answers to clients) must not fail for it. After {@link #close()} each row is sealed at once.
     */
    public synchronized void append(String table, ObjectNode values)
    {
        requireNonNull(table, "table is null");
        requireNonNull(values, "values is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table is empty");
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("t", table);
        row.set("v", values);
        String line;
        try {
            line = JSON.writeValueAsString(row);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode a row of " + table, e);
        }
        try {
            if (open.isEmpty()) {
                open = Optional.of(new OpenFile(directory.resolve("%s-%020d%s".formatted(prefix, sequence++, OPEN))));
            }
            open.get().writer.write(line);
            open.get().writer.write('\n');
            // to the operating system now, so that a killed process loses nothing sealed; forced to disk at rotation
            open.get().writer.flush();
        }
        catch (IOException e) {
            log.error(e, "Cannot hand a row of %s over to the history in %s; it is lost", table, directory);
            // the file may end in a partial line now (the history skips it): the next row starts a new one
            rotate();
            return;
        }
        if (closed) {
            rotate();
        }
    }

    /** Seals the file being written, if any, so that the history can take it. */
    public synchronized void rotate()
    {
        if (open.isEmpty()) {
            return;
        }
        OpenFile file = open.get();
        open = Optional.empty();
        try {
            file.close();
        }
        catch (IOException e) {
            // what the file holds is with the operating system: sealed all the same rather than left behind
            log.error(e, "Cannot force history hand-over file %s to disk", file.path);
        }
        String name = file.path.getFileName().toString();
        try {
            Files.move(file.path, file.path.resolveSibling(name.substring(0, name.length() - OPEN.length()) + SEALED), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            log.error(e, "Cannot seal history hand-over file %s", file.path);
        }
    }

    /** Stops the rotation and seals the file being written. Idempotent; later appends are sealed one by one. */
    @Override
    public void close()
    {
        // not shutdownNow: interrupting a rotation in progress would abandon its file
        rotator.shutdown();
        synchronized (this) {
            closed = true;
            rotate();
        }
    }

    private static final class OpenFile
    {
        private final Path path;
        private final FileOutputStream stream;
        private final BufferedWriter writer;

        OpenFile(Path path)
                throws IOException
        {
            this.path = path;
            // created exclusively; a stream rather than a FileChannel, whose writes fail for good once the writing
            // thread is interrupted (a cancelled query's thread, for the access control)
            Files.createFile(path);
            this.stream = new FileOutputStream(path.toFile(), true);
            this.writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        }

        void close()
                throws IOException
        {
            try (writer) {
                writer.flush();
                stream.getFD().sync();
            }
        }
    }
}
