package dev.floe.history.sink;

import dev.floe.history.table.HistoryTable;
import dev.floe.history.table.HistoryTables;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static dev.floe.history.table.RowCodec.micros;
import static java.util.Objects.requireNonNull;

/**
 * Keeps the history tables small: deletes whole days older than the retention, rewrites the many small files a day
 * collects into one, and expires old snapshots (which deletes the files nothing references any more). Appends by
 * other nodes may run meanwhile: a rewrite replaces only the files it read, and Iceberg refuses it if one of them is
 * gone.
 */
public final class HistoryMaintenance
{
    private static final Logger log = Logger.get(HistoryMaintenance.class);
    // snapshots younger than this keep the commit markers replay checks (see IcebergHistorySink)
    private static final Duration SNAPSHOT_RETENTION = Duration.ofDays(1);
    private static final int SNAPSHOTS_KEPT = 50;

    private final IcebergHistorySink sink;
    private final Duration retention;
    private final int compactionMinFiles;
    private final Clock clock;

    public HistoryMaintenance(IcebergHistorySink sink, Duration retention, int compactionMinFiles, Clock clock)
    {
        this.sink = requireNonNull(sink, "sink is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.compactionMinFiles = compactionMinFiles;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void run()
    {
        for (HistoryTable definition : HistoryTables.ALL) {
            Table table = sink.table(definition);
            table.refresh();
            applyRetention(table, definition.timeColumn());
            compact(table);
            table.expireSnapshots()
                    .expireOlderThan(clock.instant().minus(SNAPSHOT_RETENTION).toEpochMilli())
                    .retainLast(SNAPSHOTS_KEPT)
                    .commit();
        }
    }

    /** Deletes the day partitions that end before now minus the retention. */
    private void applyRetention(Table table, String timeColumn)
    {
        Instant cutoff = clock.instant().minus(retention);
        long cutoffDay = Math.floorDiv(cutoff.getEpochSecond(), 86_400L);
        Instant dayStart = Instant.ofEpochSecond(cutoffDay * 86_400L);
        boolean expired = false;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(Expressions.lessThan(timeColumn, micros(dayStart))).planFiles()) {
            expired = tasks.iterator().hasNext();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (expired) {
            table.newDelete().deleteFromRowFilter(Expressions.lessThan(timeColumn, micros(dayStart))).commit();
            log.info("Deleted the rows of %s before %s", table.name(), dayStart);
        }
    }

    /** Rewrites each day partition holding at least compactionMinFiles files into one file. */
    private void compact(Table table)
    {
        // by location: a large file is planned as several tasks, and must be read once
        Map<Integer, Map<String, DataFile>> byDay = new TreeMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.deletes().isEmpty()) {
                    byDay.computeIfAbsent(task.file().partition().get(0, Integer.class), _ -> new LinkedHashMap<>())
                            .putIfAbsent(task.file().location(), task.file());
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map<String, DataFile> files : byDay.values()) {
            if (files.size() >= compactionMinFiles) {
                rewrite(table, Set.copyOf(files.values()));
            }
        }
    }

    private void rewrite(Table table, Set<DataFile> files)
    {
        DataFile compacted;
        try {
            compacted = ParquetDataFiles.write(table, files.iterator().next().partition(), "compacted-%s.parquet".formatted(UUID.randomUUID()), appender -> {
                for (DataFile file : files) {
                    try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
                            .project(table.schema())
                            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
                            .build()) {
                        appender.addAll(records);
                    }
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot compact " + table.name(), e);
        }
        try {
            table.newRewrite().rewriteFiles(files, Set.of(compacted)).commit();
        }
        catch (CommitStateUnknownException e) {
            throw e;
        }
        catch (RuntimeException e) {
            ParquetDataFiles.deleteQuietly(table, compacted.location());
            throw e;
        }
        log.info("Compacted %s files (%s rows) of %s into one", files.size(), compacted.recordCount(), table.name());
    }
}
