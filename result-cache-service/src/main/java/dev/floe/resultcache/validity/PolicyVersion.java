package dev.floe.resultcache.validity;

import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The access policy's active version, part of every key: Floe's access control writes it to a file after a version
 * became enforced (its {@code floe.policy.version-file}), so a policy change makes every later lookup miss.
 * Re-read only when the file was replaced or its modification time or size changed. Without a configured file the
 * version is the constant {@value #UNVERSIONED}; a configured file that is empty or cannot be read means: cache
 * nothing.
 */
public final class PolicyVersion
{
    public static final String UNVERSIONED = "unversioned";

    private static final Logger log = Logger.get(PolicyVersion.class);

    /**
     * The version, and a stamp of this very write of it: Floe's access control empties the file before it installs
     * a new version and writes that version after, so the stamp differs between two periods of one version
     * (A, then B, then A again) while the version, part of the key, does not.
     */
    public record Observed(String version, String stamp)
    {
        public Observed
        {
            requireNonNull(version, "version is null");
            requireNonNull(stamp, "stamp is null");
        }
    }

    // the writer replaces the file (a rename), so its identity changes with every version
    private record Seen(Object fileKey, FileTime modified, long size, Observed observed) {}

    private final Optional<Path> file;
    private final AtomicReference<Seen> seen = new AtomicReference<>();

    public PolicyVersion(Optional<Path> file)
    {
        this.file = requireNonNull(file, "file is null");
    }

    /** Empty when the file is empty (the access control installs a version, or its policy forbids caching) or unreadable. */
    public Optional<Observed> current()
    {
        if (file.isEmpty()) {
            return Optional.of(new Observed(UNVERSIONED, UNVERSIONED));
        }
        Path path = file.get();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Seen last = seen.get();
            if (last != null && Objects.equals(last.fileKey(), attributes.fileKey()) && last.modified().equals(attributes.lastModifiedTime()) && last.size() == attributes.size()) {
                return Optional.of(last.observed());
            }
            String version = Files.readString(path, UTF_8).trim();
            if (version.isEmpty()) {
                return Optional.empty();
            }
            Observed observed = new Observed(version, "%s@%s#%s".formatted(version, attributes.lastModifiedTime().toInstant(), attributes.fileKey()));
            seen.set(new Seen(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), observed));
            return Optional.of(observed);
        }
        catch (IOException e) {
            log.warn("Cannot read the policy version from %s (%s): nothing is cached until it can be read", path, e.getMessage());
            return Optional.empty();
        }
    }
}
