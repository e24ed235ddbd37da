package dev.floe.history.spool;

import dev.floe.history.table.Row;
import dev.floe.history.table.RowCodec;
import io.airlift.log.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The write-ahead spool: rows are written to an open segment file before they count as received — in the operating
 * system's hands, so a {@code kill -9} of the server loses none — and forced to disk at most every sync interval
 * (and when sealed), so that a crash of the machine loses at most that interval; a sealed segment is deleted only
 * after its rows are committed. At start an open segment left behind is sealed, and a last line cut short is
 * skipped when read.
 *
 * <p>Files: {@code writer-id} (this node's identity in commit markers), {@code sequence} (the next segment number),
 * {@code NNN.open} (being appended) and {@code NNN.rows} (sealed). Segment numbers only grow, across restarts too,
 * even when the spool was empty: commit markers compare them.
 */
public final class Spool
{
    private static final Logger log = Logger.get(Spool.class);
    private static final String OPEN = ".open";
    private static final String SEALED = ".rows";
    private static final String SEQUENCE = "sequence";

    private final Path directory;
    private final RowCodec codec;
    private final String writerId;
    private final long syncIntervalNanos;

    // guarded by this
    private long nextSequence;
    private Optional<OpenSegment> open = Optional.empty();
    private long lastSync = System.nanoTime();
    private boolean unsynced;

    /** {@code syncInterval}: how long written rows may wait to be forced to disk; zero forces every append. */
    public Spool(Path directory, RowCodec codec, Duration syncInterval)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.syncIntervalNanos = requireNonNull(syncInterval, "syncInterval is null").toNanos();
        try {
            Files.createDirectories(directory);
            this.writerId = readOrCreateWriterId(directory.resolve("writer-id"));
            long last = -1;
            for (Path file : files()) {
                long sequence = sequence(file);
                last = Math.max(last, sequence);
                if (file.getFileName().toString().endsWith(OPEN)) {
                    Files.move(file, sealedPath(sequence), StandardCopyOption.ATOMIC_MOVE);
                    log.info("Sealed segment %s left open by the previous run", sequence);
                }
            }
            this.nextSequence = Math.max(last + 1, readLong(directory.resolve(SEQUENCE), 0));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot open the history spool in " + directory, e);
        }
    }

    public String writerId()
    {
        return writerId;
    }

    public Path directory()
    {
        return directory;
    }

    /** Writes the rows to the open segment; forces them to disk when the sync interval has passed. */
    public synchronized void append(List<Row> rows)
            throws IOException
    {
        if (rows.isEmpty()) {
            return;
        }
        if (open.isEmpty()) {
            open = Optional.of(new OpenSegment(allocate(), directory));
        }
        OpenSegment segment = open.get();
        for (Row row : rows) {
            codec.write(row, segment.out);
        }
        segment.rows += rows.size();
        segment.out.flush();
        unsynced = true;
        if (System.nanoTime() - lastSync >= syncIntervalNanos) {
            sync();
        }
    }

    /** Forces what was written to the open segment to disk, if anything is waiting. */
    public synchronized void sync()
            throws IOException
    {
        if (unsynced && open.isPresent()) {
            open.get().channel.force(false);
        }
        unsynced = false;
        lastSync = System.nanoTime();
    }

    /** Rows appended to the open segment since it was opened. */
    public synchronized long openRows()
    {
        return open.map(segment -> segment.rows).orElse(0L);
    }

    /** Seals the open segment, if any, so that it can be committed. */
    public synchronized void seal()
            throws IOException
    {
        if (open.isPresent()) {
            OpenSegment segment = open.get();
            open = Optional.empty();
            // closing forces the segment
            segment.close();
            unsynced = false;
            Files.move(segment.path, sealedPath(segment.sequence), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Seals the open segment, then takes the given files of rows (written and sealed by another plugin, e.g. the
     * access control's audit) as sealed segments of their own. Both under one lock: every segment numbered below an
     * adopted one is sealed, so segments are committed in the order of their numbers.
     */
    public synchronized void sealAndAdopt(List<Path> files)
            throws IOException
    {
        seal();
        for (Path file : files) {
            Path target = sealedPath(allocate());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                // another file system: copy, force, then rename within the spool
                Path temporary = directory.resolve(target.getFileName() + ".tmp");
                Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(file);
            }
        }
    }

    /** The sealed segments, oldest first. */
    public List<Segment> sealedSegments()
            throws IOException
    {
        List<Segment> segments = new ArrayList<>();
        for (Path file : files()) {
            if (file.getFileName().toString().endsWith(SEALED)) {
                segments.add(new Segment(sequence(file), file, Files.size(file)));
            }
        }
        return segments;
    }

    /** Bytes on disk, open segment included. */
    public long size()
            throws IOException
    {
        long size = 0;
        for (Path file : files()) {
            size += Files.size(file);
        }
        return size;
    }

    /** The rows of a sealed segment; lines that do not decode are counted in the result and skipped. */
    public Contents read(Segment segment)
            throws IOException
    {
        List<Row> rows = new ArrayList<>();
        long skipped = 0;
        for (String line : lines(segment)) {
            try {
                codec.read(line).ifPresent(rows::add);
            }
            catch (IllegalArgumentException e) {
                skipped++;
                log.warn("Skipped an unreadable line of history spool segment %s: %s", segment.path(), e.getMessage());
            }
        }
        return new Contents(rows, skipped);
    }

    /** The number of lines of a segment, for counting what is dropped without decoding it. */
    public long countRows(Segment segment)
            throws IOException
    {
        return lines(segment).size();
    }

    // decodes leniently: a crash can cut the last line in the middle of a character
    private static List<String> lines(Segment segment)
            throws IOException
    {
        String content = new String(Files.readAllBytes(segment.path()), StandardCharsets.UTF_8);
        return content.lines().filter(line -> !line.isEmpty()).toList();
    }

    public void delete(Segment segment)
            throws IOException
    {
        Files.deleteIfExists(segment.path());
    }

    /** The last segment an export sink took, or -1. */
    public long delivered(String sink)
            throws IOException
    {
        return readLong(markerPath(sink), -1);
    }

    /** Records that an export sink took every segment up to this one; atomic, so a crash leaves the old or the new value. */
    public void recordDelivered(String sink, long segment)
            throws IOException
    {
        writeAtomically(markerPath(sink), Long.toString(segment));
    }

    private Path markerPath(String sink)
    {
        if (!sink.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("Export sink name must be [a-z0-9_-]+: " + sink);
        }
        return directory.resolve("delivered-" + sink);
    }

    public synchronized void close()
            throws IOException
    {
        seal();
    }

    // guarded by this
    private long allocate()
            throws IOException
    {
        long sequence = nextSequence++;
        writeAtomically(directory.resolve(SEQUENCE), Long.toString(nextSequence));
        return sequence;
    }

    private static long readLong(Path file, long absent)
            throws IOException
    {
        return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()) : absent;
    }

    private List<Path> files()
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Spool::isSegment)
                    .sorted(Comparator.comparingLong(Spool::sequence))
                    .toList();
        }
    }

    private Path sealedPath(long sequence)
    {
        return directory.resolve(name(sequence) + SEALED);
    }

    private static String name(long sequence)
    {
        return "%020d".formatted(sequence);
    }

    private static boolean isSegment(Path file)
    {
        String name = file.getFileName().toString();
        return (name.endsWith(OPEN) || name.endsWith(SEALED)) && name.length() == 20 + (name.endsWith(OPEN) ? OPEN.length() : SEALED.length());
    }

    private static long sequence(Path file)
    {
        return Long.parseLong(file.getFileName().toString().substring(0, 20));
    }

    private static String readOrCreateWriterId(Path file)
            throws IOException
    {
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        writeAtomically(file, id);
        return id;
    }

    /** Replaces the file's content all at once and durably: a crash leaves the old content or the new one. */
    private static void writeAtomically(Path file, String content)
            throws IOException
    {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public record Segment(long sequence, Path path, long bytes)
    {
        public Segment
        {
            requireNonNull(path, "path is null");
        }
    }

    public record Contents(List<Row> rows, long skippedLines)
    {
        public Contents
        {
            rows = List.copyOf(rows);
        }
    }

    private static final class OpenSegment
    {
        private final long sequence;
        private final Path path;
        private final FileChannel channel;
        private final OutputStream out;
        private long rows;

        OpenSegment(long sequence, Path directory)
                throws IOException
        {
            this.sequence = sequence;
            this.path = directory.resolve(name(sequence) + OPEN);
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        }

        void close()
                throws IOException
        {
            out.flush();
            channel.force(false);
            out.close();
        }
    }
}
