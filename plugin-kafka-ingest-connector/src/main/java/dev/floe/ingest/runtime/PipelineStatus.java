package dev.floe.ingest.runtime;

import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.deadletter.ErrorKind;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one runner of a pipeline is doing and has done since it started on this node; read by the status table
 * while the runner updates it. Every method is synchronized: updates come once per poll and per commit, not per
 * record.
 */
public final class PipelineStatus
{
    public enum Activity
    {
        STARTING, RUNNING, RETRYING, PAUSED, FAILED, STOPPED
    }

    /** An immutable copy, for one row of the status table. */
    public record Snapshot(
            Activity activity,
            long records,
            long bytes,
            double recordsPerSecond,
            double bytesPerSecond,
            Map<String, Long> deadLetters,
            long commits,
            long fencedCommits,
            long failures,
            Optional<Instant> lastCommit,
            Optional<Long> lastSnapshotId,
            Map<String, Long> lag,
            Map<String, Long> unknownFields,
            Optional<String> lastError,
            Optional<Instant> lastErrorTime,
            Instant startedAt) {}

    private final Instant startedAt;
    private Activity activity = Activity.STARTING;
    private long records;
    private long bytes;
    private double recordsPerSecond;
    private double bytesPerSecond;
    private final Map<ErrorKind, Long> deadLetters = new EnumMap<>(ErrorKind.class);
    private long commits;
    private long fencedCommits;
    private long failures;
    private Instant lastCommit;
    private Long lastSnapshotId;
    private Map<String, Long> lag = ImmutableMap.of();
    private final Map<String, Long> unknownFields = new HashMap<>();
    private String lastError;
    private Instant lastErrorTime;

    public PipelineStatus(Instant startedAt)
    {
        this.startedAt = startedAt;
    }

    public synchronized void activity(Activity activity)
    {
        this.activity = activity;
    }

    public synchronized void committed(Instant time, long snapshotId, long batchRecords, long batchBytes, Map<ErrorKind, Long> batchDeadLetters, Map<String, Long> batchUnknownFields, double seconds)
    {
        activity = Activity.RUNNING;
        commits++;
        records += batchRecords;
        bytes += batchBytes;
        recordsPerSecond = seconds > 0 ? batchRecords / seconds : 0;
        bytesPerSecond = seconds > 0 ? batchBytes / seconds : 0;
        batchDeadLetters.forEach((kind, count) -> deadLetters.merge(kind, count, Long::sum));
        batchUnknownFields.forEach((field, count) -> unknownFields.merge(field, count, Long::sum));
        lastCommit = time;
        lastSnapshotId = snapshotId;
    }

    public synchronized void lag(Map<String, Long> lag)
    {
        this.lag = ImmutableMap.copyOf(new TreeMap<>(lag));
    }

    public synchronized void fenced()
    {
        fencedCommits++;
    }

    public synchronized void failed(Activity activity, Instant time, String error)
    {
        this.activity = activity;
        failures++;
        lastError = error;
        lastErrorTime = time;
    }

    public synchronized Snapshot snapshot()
    {
        Map<String, Long> letters = new TreeMap<>();
        deadLetters.forEach((kind, count) -> letters.put(kind.name(), count));
        return new Snapshot(activity, records, bytes, recordsPerSecond, bytesPerSecond, letters, commits, fencedCommits, failures,
                Optional.ofNullable(lastCommit), Optional.ofNullable(lastSnapshotId), lag, ImmutableMap.copyOf(new TreeMap<>(unknownFields)),
                Optional.ofNullable(lastError), Optional.ofNullable(lastErrorTime), startedAt);
    }
}
