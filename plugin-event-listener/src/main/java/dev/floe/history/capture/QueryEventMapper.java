package dev.floe.history.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.floe.history.table.Row;
import io.trino.spi.ErrorCode;
import io.trino.spi.eventlistener.BaseViewReferenceInfo;
import io.trino.spi.eventlistener.ColumnDetail;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.ColumnMaskReferenceInfo;
import io.trino.spi.eventlistener.OutputColumnMetadata;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.eventlistener.RoutineInfo;
import io.trino.spi.eventlistener.RowFilterReferenceInfo;
import io.trino.spi.eventlistener.SplitCompletedEvent;
import io.trino.spi.eventlistener.SplitStatistics;
import io.trino.spi.eventlistener.StageTaskStatistics;
import io.trino.spi.eventlistener.TableInfo;
import io.trino.spi.eventlistener.TableReferenceInfo;
import io.trino.spi.resourcegroups.ResourceGroupId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.floe.history.table.HistoryTables.ACCESS_AUDIT;
import static dev.floe.history.table.HistoryTables.COLUMN_LINEAGE;
import static dev.floe.history.table.HistoryTables.QUERIES;
import static dev.floe.history.table.HistoryTables.QUERY_SPLITS;
import static dev.floe.history.table.HistoryTables.QUERY_STAGES;
import static dev.floe.history.table.HistoryTables.QUERY_STARTS;
import static dev.floe.history.table.HistoryTables.QUERY_TABLES;
import static java.util.Objects.requireNonNull;

/**
 * Turns the engine's events into history rows. Runs on the thread that fires the event, so it only copies what the
 * event already holds.
 */
public final class QueryEventMapper
{
    private static final String PERMISSION_DENIED = "PERMISSION_DENIED";

    private final boolean redactLiterals;
    private final boolean engineAccessAudit;
    private final String node;
    private final SqlLiteralRedactor redactor = new SqlLiteralRedactor();
    // reads connector-specific input details (Iceberg's snapshotId) as JSON, as Trino's own listeners serialize them
    private final ObjectMapper connectorInfoMapper = new ObjectMapper().registerModule(new Jdk8Module());

    /**
     * @param engineAccessAudit derive access_audit rows from what the engine reports; off when the access control
     * feeds the audit itself, with the policies that decided
     */
    public QueryEventMapper(boolean redactLiterals, boolean engineAccessAudit, String node)
    {
        this.redactLiterals = redactLiterals;
        this.engineAccessAudit = engineAccessAudit;
        this.node = requireNonNull(node, "node is null");
    }

    public Row queryStart(QueryCreatedEvent event)
    {
        QueryContext context = event.getContext();
        QueryMetadata metadata = event.getMetadata();
        return Row.builder(QUERY_STARTS)
                .set("query_id", metadata.getQueryId())
                .set("create_time", event.getCreateTime())
                .set("state", metadata.getQueryState())
                .set("query_type", context.getQueryType().map(Enum::name).orElse(null))
                .set("user", context.getUser())
                .set("principal", context.getPrincipal().orElse(null))
                .set("groups", sorted(context.getGroups()))
                .set("source", context.getSource().orElse(null))
                .set("client_tags", sorted(context.getClientTags()))
                .set("session_catalog", context.getCatalog().orElse(null))
                .set("session_schema", context.getSchema().orElse(null))
                .set("query", sql(metadata.getQuery()))
                .set("environment", context.getEnvironment())
                .set("server_address", context.getServerAddress())
                .build();
    }

    /** The query's row, then its tables, its column lineage and its access-audit rows. */
    public List<Row> queryCompleted(QueryCompletedEvent event)
    {
        List<Row> rows = new ArrayList<>();
        rows.add(query(event));
        rows.addAll(tables(event));
        rows.addAll(columnLineage(event));
        if (engineAccessAudit) {
            rows.addAll(accessAudit(event));
        }
        rows.addAll(stages(event));
        return rows;
    }

    public Row split(SplitCompletedEvent event)
    {
        SplitStatistics statistics = event.getStatistics();
        return Row.builder(QUERY_SPLITS)
                .set("query_id", event.getQueryId())
                .set("create_time", event.getCreateTime())
                .set("stage_id", event.getStageId())
                .set("node", node)
                .set("catalog_name", event.getCatalogName().orElse(null))
                .set("splits", 1L)
                .set("failed_splits", event.getFailureInfo().isPresent() ? 1L : 0L)
                .set("cpu_ms", millis(statistics.getCpuTime()))
                .set("wall_ms", millis(statistics.getWallTime()))
                .set("queued_ms", millis(statistics.getQueuedTime()))
                .set("read_ms", millis(statistics.getCompletedReadTime()))
                .set("positions", statistics.getCompletedPositions())
                .set("data_size_bytes", statistics.getCompletedDataSizeBytes())
                .set("first_start_time", event.getStartTime().orElse(null))
                .set("last_end_time", event.getEndTime().orElse(null))
                .build();
    }

    private Row query(QueryCompletedEvent event)
    {
        QueryContext context = event.getContext();
        QueryMetadata metadata = event.getMetadata();
        QueryStatistics statistics = event.getStatistics();
        Optional<QueryFailureInfo> failure = event.getFailureInfo();
        Optional<ErrorCode> errorCode = failure.map(QueryFailureInfo::getErrorCode);
        return Row.builder(QUERIES)
                .set("query_id", metadata.getQueryId())
                .set("state", metadata.getQueryState())
                .set("query_type", context.getQueryType().map(Enum::name).orElse(null))
                .set("update_type", metadata.getUpdateType().orElse(null))
                .set("user", context.getUser())
                .set("original_user", context.getOriginalUser())
                .set("principal", context.getPrincipal().orElse(null))
                .set("groups", sorted(context.getGroups()))
                .set("enabled_roles", sorted(context.getEnabledRoles()))
                .set("source", context.getSource().orElse(null))
                .set("client_tags", sorted(context.getClientTags()))
                .set("client_info", context.getClientInfo().orElse(null))
                .set("user_agent", context.getUserAgent().orElse(null))
                .set("remote_client_address", context.getRemoteClientAddress().orElse(null))
                .set("session_catalog", context.getCatalog().orElse(null))
                .set("session_schema", context.getSchema().orElse(null))
                .set("session_time_zone", context.getTimezone())
                .set("session_properties", context.getSessionProperties())
                .set("resource_group", context.getResourceGroupId().map(ResourceGroupId::toString).orElse(null))
                .set("query", sql(metadata.getQuery()))
                .set("prepared_query", metadata.getPreparedQuery().map(this::sql).orElse(null))
                .set("transaction_id", metadata.getTransactionId().orElse(null))
                .set("retry_policy", context.getRetryPolicy())
                .set("environment", context.getEnvironment())
                .set("server_address", context.getServerAddress())
                .set("server_version", context.getServerVersion())
                .set("create_time", event.getCreateTime())
                .set("execution_start_time", event.getExecutionStartTime())
                .set("end_time", event.getEndTime())
                .set("queued_ms", millis(statistics.getQueuedTime()))
                .set("analysis_ms", statistics.getAnalysisTime().map(QueryEventMapper::millis).orElse(null))
                .set("planning_ms", statistics.getPlanningTime().map(QueryEventMapper::millis).orElse(null))
                .set("execution_ms", statistics.getExecutionTime().map(QueryEventMapper::millis).orElse(null))
                .set("cpu_ms", millis(statistics.getCpuTime()))
                .set("wall_ms", millis(statistics.getWallTime()))
                .set("peak_user_memory_bytes", statistics.getPeakUserMemoryBytes())
                .set("peak_task_total_memory_bytes", statistics.getPeakTaskTotalMemory())
                .set("cumulative_memory", statistics.getCumulativeMemory())
                .set("physical_input_rows", statistics.getPhysicalInputRows())
                .set("physical_input_bytes", statistics.getPhysicalInputBytes())
                .set("processed_input_rows", statistics.getProcessedInputRows())
                .set("processed_input_bytes", statistics.getProcessedInputBytes())
                .set("output_rows", statistics.getOutputRows())
                .set("output_bytes", statistics.getOutputBytes())
                .set("written_rows", statistics.getWrittenRows())
                .set("written_bytes", statistics.getWrittenBytes())
                .set("spilled_bytes", statistics.getSpilledBytes())
                .set("completed_splits", (long) statistics.getCompletedSplits())
                .set("error_code", errorCode.map(ErrorCode::getName).orElse(null))
                .set("error_code_id", errorCode.map(code -> (long) code.getCode()).orElse(null))
                .set("error_type", errorCode.map(code -> code.getType().name()).orElse(null))
                .set("failure_type", failure.flatMap(QueryFailureInfo::getFailureType).orElse(null))
                .set("failure_message", failure.flatMap(QueryFailureInfo::getFailureMessage).orElse(null))
                .set("failure_host", failure.flatMap(QueryFailureInfo::getFailureHost).orElse(null))
                .set("routines", metadata.getRoutines().stream().map(RoutineInfo::getRoutine).distinct().sorted().toList())
                .set("warnings", event.getWarnings().stream().map(warning -> warning.getWarningCode().getName() + ": " + warning.getMessage()).toList())
                .build();
    }

    /**
     * Reads: the engine's table infos (views and tables referenced, with the filters and masks applied) joined with
     * the physical inputs (columns read, snapshot, bytes). Writes: the output table.
     */
    private List<Row> tables(QueryCompletedEvent event)
    {
        String queryId = event.getMetadata().getQueryId();
        Map<List<String>, QueryInputMetadata> inputs = new LinkedHashMap<>();
        for (QueryInputMetadata input : event.getIoMetadata().getInputs()) {
            inputs.put(List.of(input.getCatalogName(), input.getSchema(), input.getTable()), input);
        }
        List<Row> rows = new ArrayList<>();
        for (TableInfo table : event.getMetadata().getTables()) {
            List<String> name = List.of(table.getCatalog(), table.getSchema(), table.getTable());
            Row.Builder row = tableRow(event, queryId, "read", name)
                    .set("directly_referenced", table.isDirectlyReferenced())
                    .set("authorization", table.getAuthorization())
                    .set("reference_chain", table.getReferenceChain().stream().map(QueryEventMapper::reference).toList())
                    .set("row_filters", table.getFilters())
                    .set("column_masks", masks(table));
            QueryInputMetadata input = inputs.remove(name);
            if (input != null) {
                input(row, input);
            }
            rows.add(row.build());
        }
        // inputs the analysis did not list (none expected, but the physical input is the record that counts)
        for (QueryInputMetadata input : inputs.values()) {
            Row.Builder row = tableRow(event, queryId, "read", List.of(input.getCatalogName(), input.getSchema(), input.getTable()));
            input(row, input);
            rows.add(row.build());
        }
        event.getIoMetadata().getOutput().ifPresent(output -> rows.add(
                tableRow(event, queryId, "write", List.of(output.getCatalogName(), output.getSchema(), output.getTable()))
                        .set("columns", output.getColumns().map(columns -> columns.stream().map(OutputColumnMetadata::getColumnName).toList()).orElse(null))
                        .build()));
        return rows;
    }

    private Row.Builder tableRow(QueryCompletedEvent event, String queryId, String access, List<String> name)
    {
        return Row.builder(QUERY_TABLES)
                .set("query_id", queryId)
                .set("create_time", event.getCreateTime())
                .set("user", event.getContext().getUser())
                .set("access", access)
                .set("catalog_name", name.get(0))
                .set("schema_name", name.get(1))
                .set("table_name", name.get(2));
    }

    private void input(Row.Builder row, QueryInputMetadata input)
    {
        row.set("connector_name", input.getConnectorName().orElse(null))
                .set("columns", input.getColumns().stream().map(QueryInputMetadata.Column::name).toList())
                .set("snapshot_id", snapshotId(input).orElse(null))
                .set("physical_input_rows", boxed(input.getPhysicalInputRows()))
                .set("physical_input_bytes", boxed(input.getPhysicalInputBytes()));
    }

    /** Iceberg reports the snapshot it read as {@code snapshotId} of its connector info; other connectors have none. */
    private Optional<Long> snapshotId(QueryInputMetadata input)
    {
        return input.getConnectorInfo().flatMap(info -> {
            try {
                JsonNode snapshot = connectorInfoMapper.valueToTree(info).path("snapshotId");
                return snapshot.canConvertToLong() ? Optional.of(snapshot.asLong()) : Optional.empty();
            }
            catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static List<Row> columnLineage(QueryCompletedEvent event)
    {
        Optional<QueryOutputMetadata> output = event.getIoMetadata().getOutput();
        if (output.isEmpty() || output.get().getColumns().isEmpty()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (OutputColumnMetadata column : output.get().getColumns().get()) {
            List<ColumnDetail> sources = column.getSourceColumns().stream()
                    .sorted(Comparator.comparing(ColumnDetail::getCatalog).thenComparing(ColumnDetail::getSchema).thenComparing(ColumnDetail::getTable).thenComparing(ColumnDetail::getColumnName))
                    .toList();
            for (ColumnDetail source : sources) {
                rows.add(Row.builder(COLUMN_LINEAGE)
                        .set("query_id", event.getMetadata().getQueryId())
                        .set("create_time", event.getCreateTime())
                        .set("user", event.getContext().getUser())
                        .set("target_catalog", output.get().getCatalogName())
                        .set("target_schema", output.get().getSchema())
                        .set("target_table", output.get().getTable())
                        .set("target_column", column.getColumnName())
                        .set("target_type", column.getColumnType())
                        .set("source_catalog", source.getCatalog())
                        .set("source_schema", source.getSchema())
                        .set("source_table", source.getTable())
                        .set("source_column", source.getColumnName())
                        .build());
            }
        }
        return rows;
    }

    private static List<Row> accessAudit(QueryCompletedEvent event)
    {
        List<Row> rows = new ArrayList<>();
        for (TableInfo table : event.getMetadata().getTables()) {
            for (String filter : table.getFilters()) {
                rows.add(audit(event, "row_filter").set("catalog_name", table.getCatalog())
                        .set("schema_name", table.getSchema())
                        .set("table_name", table.getTable())
                        .set("expression", filter)
                        .build());
            }
            for (ColumnInfo column : table.getColumns()) {
                column.getMask().ifPresent(mask -> rows.add(audit(event, "column_mask").set("catalog_name", table.getCatalog())
                        .set("schema_name", table.getSchema())
                        .set("table_name", table.getTable())
                        .set("column_name", column.getColumn())
                        .set("expression", mask)
                        .build()));
            }
        }
        event.getFailureInfo()
                .filter(failure -> failure.getErrorCode().getName().equals(PERMISSION_DENIED))
                .ifPresent(failure -> rows.add(audit(event, "denied").set("message", failure.getFailureMessage().orElse(null)).build()));
        return rows;
    }

    private static List<Row> stages(QueryCompletedEvent event)
    {
        List<Row> rows = new ArrayList<>();
        for (StageTaskStatistics stage : event.getStatistics().getTaskStatistics()) {
            rows.add(Row.builder(QUERY_STAGES)
                    .set("query_id", event.getMetadata().getQueryId())
                    .set("create_time", event.getCreateTime())
                    .set("stage_id", (long) stage.getStageId())
                    .set("tasks", (long) stage.getTasks())
                    .set("drivers", stage.getTotalDriversDistribution().getTotal())
                    .set("cpu_ms", stage.getCpuTimeDistribution().getTotal())
                    .set("cpu_ms_task_p50", stage.getCpuTimeDistribution().getP50())
                    .set("cpu_ms_task_max", stage.getCpuTimeDistribution().getMax())
                    .set("scheduled_ms", stage.getScheduledTimeDistribution().getTotal())
                    .set("peak_memory_bytes_task_max", stage.getPeakMemoryReservationDistribution().getMax())
                    .set("raw_input_rows", stage.getRawInputPositionsDistribution().getTotal())
                    .set("raw_input_bytes", stage.getRawInputDataSizeDistribution().getTotal())
                    .set("processed_input_rows", stage.getProcessedInputPositionsDistribution().getTotal())
                    .set("processed_input_bytes", stage.getProcessedInputDataSizeDistribution().getTotal())
                    .set("output_rows", stage.getOutputPositionsDistribution().getTotal())
                    .set("output_bytes", stage.getOutputDataSizeDistribution().getTotal())
                    .build());
        }
        return rows;
    }

    private static Row.Builder audit(QueryCompletedEvent event, String kind)
    {
        return Row.builder(ACCESS_AUDIT)
                .set("query_id", event.getMetadata().getQueryId())
                .set("create_time", event.getCreateTime())
                .set("user", event.getContext().getUser())
                .set("kind", kind)
                .set("query_state", event.getMetadata().getQueryState());
    }

    private static Map<String, String> masks(TableInfo table)
    {
        Map<String, String> masks = new HashMap<>();
        for (ColumnInfo column : table.getColumns()) {
            column.getMask().ifPresent(mask -> masks.put(column.getColumn(), mask));
        }
        return masks;
    }

    private static String reference(TableReferenceInfo reference)
    {
        return switch (reference) {
            case BaseViewReferenceInfo view -> "view %s.%s.%s".formatted(view.catalogName(), view.schemaName(), view.viewName());
            case RowFilterReferenceInfo filter -> "row filter on %s.%s.%s".formatted(filter.targetCatalogName(), filter.targetSchemaName(), filter.targetTableName());
            case ColumnMaskReferenceInfo mask -> "column mask on %s.%s.%s.%s".formatted(mask.targetCatalogName(), mask.targetSchemaName(), mask.targetTableName(), mask.targetColumnName());
            default -> reference.toString();
        };
    }

    private String sql(String sql)
    {
        return redactLiterals ? redactor.redact(sql) : sql;
    }

    private static List<String> sorted(Set<String> values)
    {
        return values.stream().sorted().toList();
    }

    private static Long boxed(OptionalLong value)
    {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static long millis(Duration duration)
    {
        return duration.toMillis();
    }
}
