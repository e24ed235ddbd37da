package dev.floe.history;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.SECONDS;

/** The listener's own settings; the Iceberg catalog is configured by the {@code history.iceberg.*} properties. */
public class HistoryConfig
{
    private String schema = "floe_history";
    private String spoolDirectory;
    private DataSize spoolMaxSize = DataSize.of(1, GIGABYTE);
    private Duration spoolSyncInterval = new Duration(1, SECONDS);
    private int queueCapacity = 100_000;
    private Duration commitInterval = new Duration(5, SECONDS);
    private int commitMaxRows = 100_000;
    private boolean redactLiterals;
    private boolean captureSplits;
    private String nodeName;
    private String accessAuditDirectory;
    private boolean maintenanceEnabled = true;
    private Duration maintenanceInterval = new Duration(1, HOURS);
    private Duration retention = new Duration(30, DAYS);
    private int compactionMinFiles = 8;

    @NotNull
    public String getSchema()
    {
        return schema;
    }

    @Config("history.schema")
    @ConfigDescription("Iceberg namespace of the history tables, created on first use")
    public HistoryConfig setSchema(String schema)
    {
        this.schema = schema;
        return this;
    }

    @NotNull
    public String getSpoolDirectory()
    {
        return spoolDirectory;
    }

    @Config("history.spool.directory")
    @ConfigDescription("Local directory of the write-ahead spool; one per node, on a persistent disk")
    public HistoryConfig setSpoolDirectory(String spoolDirectory)
    {
        this.spoolDirectory = spoolDirectory;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getSpoolMaxSize()
    {
        return spoolMaxSize;
    }

    @Config("history.spool.max-size")
    @ConfigDescription("Disk budget of the spool; beyond it the oldest uncommitted rows are dropped (counted and logged)")
    public HistoryConfig setSpoolMaxSize(DataSize spoolMaxSize)
    {
        this.spoolMaxSize = spoolMaxSize;
        return this;
    }

    @NotNull
    public Duration getSpoolSyncInterval()
    {
        return spoolSyncInterval;
    }

    @Config("history.spool.sync-interval")
    @ConfigDescription("How long spooled rows may wait to be forced to disk (0s: after every batch). They are written at once, so killing the server loses none; a crash of the machine can lose this interval")
    public HistoryConfig setSpoolSyncInterval(Duration spoolSyncInterval)
    {
        this.spoolSyncInterval = spoolSyncInterval;
        return this;
    }

    @Min(1)
    public int getQueueCapacity()
    {
        return queueCapacity;
    }

    @Config("history.queue.capacity")
    @ConfigDescription("Events held in memory between the engine's callback and the spool; beyond it events are dropped (counted)")
    public HistoryConfig setQueueCapacity(int queueCapacity)
    {
        this.queueCapacity = queueCapacity;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getCommitInterval()
    {
        return commitInterval;
    }

    @Config("history.commit.interval")
    @ConfigDescription("How often spooled rows are committed to the Iceberg tables")
    public HistoryConfig setCommitInterval(Duration commitInterval)
    {
        this.commitInterval = commitInterval;
        return this;
    }

    @Min(1)
    public int getCommitMaxRows()
    {
        return commitMaxRows;
    }

    @Config("history.commit.max-rows")
    @ConfigDescription("Rows that start a commit before the interval ends; also the most rows one commit holds")
    public HistoryConfig setCommitMaxRows(int commitMaxRows)
    {
        this.commitMaxRows = commitMaxRows;
        return this;
    }

    public boolean isRedactLiterals()
    {
        return redactLiterals;
    }

    @Config("history.redact-literals")
    @ConfigDescription("Replace the literals of recorded SQL text with ?")
    public HistoryConfig setRedactLiterals(boolean redactLiterals)
    {
        this.redactLiterals = redactLiterals;
        return this;
    }

    public boolean isCaptureSplits()
    {
        return captureSplits;
    }

    @Config("history.capture-splits")
    @ConfigDescription("Record split statistics (summed per query, stage and node) in query_splits; in Trino 476 only splits run by the coordinator")
    public HistoryConfig setCaptureSplits(boolean captureSplits)
    {
        this.captureSplits = captureSplits;
        return this;
    }

    public String getNodeName()
    {
        return nodeName;
    }

    @Config("history.node-name")
    @ConfigDescription("Name of this node in query_splits (default: the host name)")
    public HistoryConfig setNodeName(String nodeName)
    {
        this.nodeName = nodeName;
        return this;
    }

    public String getAccessAuditDirectory()
    {
        return accessAuditDirectory;
    }

    @Config("history.access-audit.directory")
    @ConfigDescription("Hand-over directory of rows from outside the engine: the access control's audit records (its floe.audit.history-directory), which replace the engine's access_audit rows, and the result-cache service's hits (result_cache_hits)")
    public HistoryConfig setAccessAuditDirectory(String accessAuditDirectory)
    {
        this.accessAuditDirectory = accessAuditDirectory;
        return this;
    }

    public boolean isMaintenanceEnabled()
    {
        return maintenanceEnabled;
    }

    @Config("history.maintenance.enabled")
    @ConfigDescription("Apply retention, compact small files and expire snapshots of the history tables (enable on the coordinator)")
    public HistoryConfig setMaintenanceEnabled(boolean maintenanceEnabled)
    {
        this.maintenanceEnabled = maintenanceEnabled;
        return this;
    }

    @NotNull
    @MinDuration("1m")
    public Duration getMaintenanceInterval()
    {
        return maintenanceInterval;
    }

    @Config("history.maintenance.interval")
    public HistoryConfig setMaintenanceInterval(Duration maintenanceInterval)
    {
        this.maintenanceInterval = maintenanceInterval;
        return this;
    }

    @NotNull
    @MinDuration("1d")
    public Duration getRetention()
    {
        return retention;
    }

    @Config("history.retention")
    @ConfigDescription("Rows older than this (by their table's time column, create_time or hit_time; whole days) are deleted")
    public HistoryConfig setRetention(Duration retention)
    {
        this.retention = retention;
        return this;
    }

    @Min(2)
    public int getCompactionMinFiles()
    {
        return compactionMinFiles;
    }

    @Config("history.compaction.min-files")
    @ConfigDescription("A day partition with at least this many files is rewritten into one")
    public HistoryConfig setCompactionMinFiles(int compactionMinFiles)
    {
        this.compactionMinFiles = compactionMinFiles;
        return this;
    }
}
