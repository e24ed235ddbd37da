package dev.floe.history.status;

import dev.floe.history.pipeline.HistoryStats;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/** {@code listener.status}: one row with the pipeline's counters (the same as its JMX bean); none before the listener exists. */
final class StatusTable
        implements SystemTable
{
    static final SchemaTableName NAME = new SchemaTableName("listener", "status");

    private static final ConnectorTableMetadata METADATA = new ConnectorTableMetadata(NAME, List.of(
            new ColumnMetadata("events_received", BIGINT),
            new ColumnMetadata("events_dropped_queue_full", BIGINT),
            new ColumnMetadata("events_failed_capture", BIGINT),
            new ColumnMetadata("rows_spooled", BIGINT),
            new ColumnMetadata("rows_lost_spool_write", BIGINT),
            new ColumnMetadata("rows_dropped_spool_budget", BIGINT),
            new ColumnMetadata("lines_unreadable", BIGINT),
            new ColumnMetadata("rows_committed", BIGINT),
            new ColumnMetadata("commits", BIGINT),
            new ColumnMetadata("commit_failures", BIGINT),
            new ColumnMetadata("last_commit_time", TIMESTAMP_TZ_MILLIS),
            new ColumnMetadata("last_commit_latency_ms", BIGINT),
            new ColumnMetadata("max_commit_latency_ms", BIGINT),
            new ColumnMetadata("spool_bytes", BIGINT),
            new ColumnMetadata("queued_events", BIGINT),
            new ColumnMetadata("last_error", VARCHAR)));

    private final Supplier<Optional<HistoryStats>> stats;

    StatusTable(Supplier<Optional<HistoryStats>> stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public Distribution getDistribution()
    {
        // the listener, and so its counters, live on the coordinator
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return METADATA;
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transaction, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        InMemoryRecordSet.Builder rows = InMemoryRecordSet.builder(METADATA);
        stats.get().ifPresent(current -> rows.addRow(
                current.getEventsReceived(),
                current.getEventsDroppedQueueFull(),
                current.getEventsFailedCapture(),
                current.getRowsSpooled(),
                current.getRowsLostSpoolWrite(),
                current.getRowsDroppedSpoolBudget(),
                current.getLinesUnreadable(),
                current.getRowsCommitted(),
                current.getCommits(),
                current.getCommitFailures(),
                current.getLastCommitMillis() == 0 ? null : packDateTimeWithZone(current.getLastCommitMillis(), UTC_KEY),
                current.getLastCommitLatencyMillis(),
                current.getMaxCommitLatencyMillis(),
                current.getSpoolBytes(),
                current.getQueuedEvents(),
                current.getLastError().isEmpty() ? null : current.getLastError()));
        return rows.build().cursor();
    }
}
