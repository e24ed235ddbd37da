package dev.floe.ingest.connector;

import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineState;
import dev.floe.ingest.runtime.PipelineHost;
import dev.floe.ingest.runtime.PipelineHost.View;
import dev.floe.ingest.runtime.PipelineStatus;
import dev.floe.ingest.runtime.RunnerContext;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code ingest.system.pipelines}: one row per pipeline, from the node that runs it (every node answers for the
 * pipelines it owns; the coordinator for those no node owns), so that counters, lag and errors are live.
 */
final class PipelinesTable
        implements SystemTable
{
    static final SchemaTableName NAME = new SchemaTableName(PipelineProcedures.SCHEMA, "pipelines");

    private final PipelineHost host;
    private final MapType counts;
    private final ConnectorTableMetadata metadata;

    PipelinesTable(PipelineHost host, TypeManager typeManager)
    {
        this.host = requireNonNull(host, "host is null");
        this.counts = (MapType) typeManager.getType(TypeSignature.mapType(VARCHAR.getTypeSignature(), BIGINT.getTypeSignature()));
        this.metadata = new ConnectorTableMetadata(NAME, List.of(
                column("name", VARCHAR, "Pipeline name"),
                column("state", VARCHAR, "RUNNING, PAUSED, RETRYING (after a failure, see last_error), FAILED (needs an operator), STARTING, UNASSIGNED (no node runs pipelines)"),
                column("node", VARCHAR, "Node that runs the pipeline"),
                column("topic", VARCHAR, "Topic, or topic pattern"),
                column("target_table", VARCHAR, "Iceberg table the rows go to"),
                column("dead_letter_table", VARCHAR, "Iceberg table of the records that could not become rows"),
                column("format", VARCHAR, "json, avro or protobuf"),
                column("options", VARCHAR, "OPTIONS as given"),
                column("records", BIGINT, "Records read and committed since the runner started (rows and dead letters)"),
                column("bytes", BIGINT, "Value bytes of those records"),
                column("records_per_second", DOUBLE, "Over the last committed batch"),
                column("bytes_per_second", DOUBLE, "Over the last committed batch"),
                column("lag", BIGINT, "Records in the topic not read yet, all partitions"),
                column("lag_per_partition", counts, "Records not read yet, by topic/partition"),
                column("dead_letters", counts, "Records sent to the dead-letter table since the runner started, by error kind"),
                column("unknown_fields", counts, "Top-level fields no column reads, with how many records had them: add columns for them"),
                column("commits", BIGINT, "Commits since the runner started"),
                column("fenced_commits", BIGINT, "Commits refused because another runner of the pipeline committed first"),
                column("failures", BIGINT, "Failures since the runner started (each followed by a retry with backoff)"),
                column("last_commit_time", TIMESTAMP_TZ_MILLIS, "Time of the last commit"),
                column("last_snapshot_id", BIGINT, "Iceberg snapshot of the last commit"),
                column("last_error", VARCHAR, "The last failure, or why the pipeline paused"),
                column("last_error_time", TIMESTAMP_TZ_MILLIS, "When it happened"),
                column("owner", VARCHAR, "User who created the pipeline"),
                column("created_at", TIMESTAMP_TZ_MILLIS, "When it was created")));
    }

    private static ColumnMetadata column(String name, Type type, String comment)
    {
        return ColumnMetadata.builder().setName(name).setType(type).setComment(Optional.of(comment)).build();
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.ALL_NODES;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return metadata;
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transaction, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        List<ColumnMetadata> columns = metadata.getColumns();
        PageBuilder page = new PageBuilder(columns.stream().map(ColumnMetadata::getType).toList());
        for (View view : host.views()) {
            List<Object> row = row(view);
            page.declarePosition();
            for (int i = 0; i < columns.size(); i++) {
                write(columns.get(i).getType(), page.getBlockBuilder(i), row.get(i));
            }
        }
        return new FixedPageSource(List.of(page.build()));
    }

    private List<Object> row(View view)
    {
        PipelineDefinition definition = view.definition();
        Optional<PipelineStatus.Snapshot> status = view.status();
        String state = definition.state() == PipelineState.PAUSED ? "PAUSED"
                : view.owner().isEmpty() ? "UNASSIGNED"
                : status.map(current -> current.activity().name()).orElse("STARTING");
        List<Object> row = new ArrayList<>();
        row.add(definition.name());
        row.add(state);
        row.add(view.owner().orElse(null));
        row.add(definition.topic());
        row.add(definition.target().toString());
        row.add(deadLetterTable(definition));
        row.add(definition.format().label());
        row.add(definition.optionsJson());
        row.add(status.map(PipelineStatus.Snapshot::records).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::bytes).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::recordsPerSecond).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::bytesPerSecond).orElse(null));
        row.add(status.map(current -> current.lag().values().stream().mapToLong(Long::longValue).sum()).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::lag).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::deadLetters).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::unknownFields).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::commits).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::fencedCommits).orElse(null));
        row.add(status.map(PipelineStatus.Snapshot::failures).orElse(null));
        row.add(status.flatMap(PipelineStatus.Snapshot::lastCommit).orElse(null));
        row.add(status.flatMap(PipelineStatus.Snapshot::lastSnapshotId).orElse(null));
        row.add(status.flatMap(PipelineStatus.Snapshot::lastError).or(definition::pausedReason).orElse(null));
        row.add(status.flatMap(PipelineStatus.Snapshot::lastErrorTime).orElse(null));
        row.add(definition.owner());
        row.add(definition.createdAt());
        return row;
    }

    @SuppressWarnings("unchecked")
    private void write(Type type, BlockBuilder block, Object value)
    {
        if (value == null) {
            block.appendNull();
        }
        else if (type == VARCHAR) {
            VARCHAR.writeString(block, (String) value);
        }
        else if (type == BIGINT) {
            BIGINT.writeLong(block, (Long) value);
        }
        else if (type == DOUBLE) {
            DOUBLE.writeDouble(block, (Double) value);
        }
        else if (type == TIMESTAMP_TZ_MILLIS) {
            TIMESTAMP_TZ_MILLIS.writeLong(block, packDateTimeWithZone(((Instant) value).toEpochMilli(), UTC_KEY));
        }
        else if (type == counts) {
            ((MapBlockBuilder) block).buildEntry((keys, counters) -> ((Map<String, Long>) value).forEach((key, count) -> {
                VARCHAR.writeString(keys, key);
                BIGINT.writeLong(counters, count);
            }));
        }
        else {
            throw new IllegalStateException("No writer for " + type);
        }
    }

    private static String deadLetterTable(PipelineDefinition definition)
    {
        try {
            return RunnerContext.deadLetterTable(definition.target(), definition.options()).toString();
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }
}
