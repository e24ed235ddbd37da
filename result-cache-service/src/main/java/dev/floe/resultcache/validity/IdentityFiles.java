package dev.floe.resultcache.validity;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Files outside the access policy that decide who a user is — the group file of Trino's file group provider
 * ({@code file.group-file}) — hashed together into every key, so that a changed membership makes every later
 * lookup miss. Trino re-reads such a file only every refresh period: a result computed within the settle time after
 * this process first saw a content may still reflect the old membership, so it is not stored.
 */
public final class IdentityFiles
{
    private static final Logger log = Logger.get(IdentityFiles.class);

    /**
     * The files' combined content hash, when this process first saw that content (since then, without another
     * content in between), and whether Trino has surely loaded that content by now.
     */
    public record State(String version, long sinceMillis, boolean settled)
    {
        public State
        {
            requireNonNull(version, "version is null");
        }

        /** Tells this period of the content from another period of the same content. */
        public String stamp()
        {
            return version + "@" + sinceMillis;
        }
    }

    private record FirstSeen(String version, long millis) {}

    private final List<Path> files;
    private final long settleMillis;
    private final LongSupplier clock;
    private final AtomicReference<FirstSeen> firstSeen = new AtomicReference<>();

    public IdentityFiles(List<Path> files, long settleMillis, LongSupplier clock)
    {
        this.files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
        this.settleMillis = settleMillis;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The current state; empty when a file cannot be read (then nothing may be cached). */
    public Optional<State> current()
    {
        if (files.isEmpty()) {
            return Optional.of(new State("", 0, true));
        }
        Hasher combined = Hashing.sha256().newHasher();
        for (Path file : files) {
            Optional<String> hash = hash(file);
            if (hash.isEmpty()) {
                return Optional.empty();
            }
            combined.putString(file.toString(), UTF_8).putByte((byte) 0).putString(hash.get(), UTF_8).putByte((byte) 0);
        }
        String version = combined.hash().toString();
        long now = clock.getAsLong();
        FirstSeen first = firstSeen.updateAndGet(previous -> previous != null && previous.version().equals(version) ? previous : new FirstSeen(version, now));
        return Optional.of(new State(version, first.millis(), now - first.millis() >= settleMillis));
    }

    /** Read whole every time: an edit in place within the file system's time granularity keeps size and mtime. */
    private static Optional<String> hash(Path file)
    {
        try {
            return Optional.of(Hashing.sha256().hashBytes(Files.readAllBytes(file)).toString());
        }
        catch (IOException e) {
            log.warn("Cannot read identity file %s (%s): nothing is cached until it can be read", file, e.getMessage());
            return Optional.empty();
        }
    }
}
