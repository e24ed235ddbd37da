package dev.floe.cache.view;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

/**
 * What the last refreshes of a view left: the definition refreshed, when the stored result was computed and
 * from which source snapshots, the storage snapshot that holds it, and the last failure. Saved after the
 * storage commit: when the two disagree (a crash in between) the storage snapshot differs from
 * {@link #storageSnapshotId()} and the next refresh is a full one. {@code scansOnly} is the answer of the view's plan
 * to whether it only scans, filters and projects its one table (what makes an incremental refresh possible), asked
 * once per definition.
 */
public record RefreshState(
        String definitionId,
        Optional<Instant> refreshedAt,
        Optional<Duration> duration,
        Optional<RefreshType> type,
        long rows,
        long bytes,
        List<SourceSnapshot> sources,
        Optional<Long> storageSnapshotId,
        Optional<Instant> lastAttemptAt,
        Optional<String> lastError,
        Optional<Instant> lastErrorAt,
        int consecutiveFailures,
        Optional<Boolean> scansOnly)
{
    public RefreshState
    {
        requireNonNull(definitionId, "definitionId is null");
        requireNonNull(refreshedAt, "refreshedAt is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(type, "type is null");
        sources = List.copyOf(sources);
        requireNonNull(storageSnapshotId, "storageSnapshotId is null");
        requireNonNull(lastAttemptAt, "lastAttemptAt is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(lastErrorAt, "lastErrorAt is null");
        // absent from states saved before it was recorded
        scansOnly = requireNonNullElse(scansOnly, Optional.empty());
    }

    public static RefreshState initial(String definitionId)
    {
        return new RefreshState(definitionId, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty());
    }

    public RefreshState succeeded(Instant startedAt, Duration duration, RefreshType type, long rows, long bytes, List<SourceSnapshot> sources, Optional<Long> storageSnapshotId)
    {
        return new RefreshState(definitionId, Optional.of(startedAt), Optional.of(duration), Optional.of(type), rows, bytes, sources, storageSnapshotId, Optional.of(startedAt), Optional.empty(), Optional.empty(), 0, scansOnly);
    }

    /** Nothing changed since the stored result: only the attempt is recorded (the schedule counts from it). */
    public RefreshState checked(Instant startedAt)
    {
        return new RefreshState(definitionId, refreshedAt, duration, type, rows, bytes, sources, storageSnapshotId, Optional.of(startedAt), Optional.empty(), Optional.empty(), 0, scansOnly);
    }

    public RefreshState failed(Instant startedAt, String error)
    {
        return new RefreshState(definitionId, refreshedAt, duration, type, rows, bytes, sources, storageSnapshotId, Optional.of(startedAt), Optional.of(error), Optional.of(startedAt), consecutiveFailures + 1, scansOnly);
    }

    public RefreshState withScansOnly(boolean scansOnly)
    {
        return new RefreshState(definitionId, refreshedAt, duration, type, rows, bytes, sources, storageSnapshotId, lastAttemptAt, lastError, lastErrorAt, consecutiveFailures, Optional.of(scansOnly));
    }

    public boolean refreshed()
    {
        return refreshedAt.isPresent();
    }
}
