package dev.floe.history.table;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static java.util.function.Function.identity;
import static java.util.stream.Collectors.toUnmodifiableMap;

/**
 * The tables of the history schema. Field ids are assigned here in declaration order; a table created by an older
 * version gains the columns it lacks by name (see the sink), so new columns go at the end of a table.
 */
public final class HistoryTables
{
    /** One row per finished query: who, what, when, how long, how much, and how it ended. */
    public static final HistoryTable QUERIES = table("queries", fields -> fields
            .required("query_id", string())
            .optional("state", string())
            .optional("query_type", string())
            .optional("update_type", string())
            .optional("user", string())
            .optional("original_user", string())
            .optional("principal", string())
            .optional("groups", stringList(fields))
            .optional("enabled_roles", stringList(fields))
            .optional("source", string())
            .optional("client_tags", stringList(fields))
            .optional("client_info", string())
            .optional("user_agent", string())
            .optional("remote_client_address", string())
            .optional("session_catalog", string())
            .optional("session_schema", string())
            .optional("session_time_zone", string())
            .optional("session_properties", stringMap(fields))
            .optional("resource_group", string())
            .optional("query", string())
            .optional("prepared_query", string())
            .optional("transaction_id", string())
            .optional("retry_policy", string())
            .optional("environment", string())
            .optional("server_address", string())
            .optional("server_version", string())
            .required("create_time", timestamp())
            .optional("execution_start_time", timestamp())
            .optional("end_time", timestamp())
            .optional("queued_ms", bigint())
            .optional("analysis_ms", bigint())
            .optional("planning_ms", bigint())
            .optional("execution_ms", bigint())
            .optional("cpu_ms", bigint())
            .optional("wall_ms", bigint())
            .optional("peak_user_memory_bytes", bigint())
            .optional("peak_task_total_memory_bytes", bigint())
            .optional("cumulative_memory", doubleType())
            .optional("physical_input_rows", bigint())
            .optional("physical_input_bytes", bigint())
            .optional("processed_input_rows", bigint())
            .optional("processed_input_bytes", bigint())
            .optional("output_rows", bigint())
            .optional("output_bytes", bigint())
            .optional("written_rows", bigint())
            .optional("written_bytes", bigint())
            .optional("spilled_bytes", bigint())
            .optional("completed_splits", bigint())
            .optional("error_code", string())
            .optional("error_code_id", bigint())
            .optional("error_type", string())
            .optional("failure_type", string())
            .optional("failure_message", string())
            .optional("failure_host", string())
            .optional("routines", stringList(fields))
            .optional("warnings", stringList(fields)));

    /** One row per query the coordinator created; a query here but not in queries never finished (e.g. a crash). */
    public static final HistoryTable QUERY_STARTS = table("query_starts", fields -> fields
            .required("query_id", string())
            .required("create_time", timestamp())
            .optional("state", string())
            .optional("query_type", string())
            .optional("user", string())
            .optional("principal", string())
            .optional("groups", stringList(fields))
            .optional("source", string())
            .optional("client_tags", stringList(fields))
            .optional("session_catalog", string())
            .optional("session_schema", string())
            .optional("query", string())
            .optional("environment", string())
            .optional("server_address", string()));

    /**
     * One row per table, view or materialized view a finished query read or wrote: the snapshot read, and the row
     * filters and column masks Trino applied to it.
     */
    public static final HistoryTable QUERY_TABLES = table("query_tables", fields -> fields
            .required("query_id", string())
            .required("create_time", timestamp())
            .optional("user", string())
            .required("access", string())
            .optional("catalog_name", string())
            .optional("schema_name", string())
            .optional("table_name", string())
            .optional("connector_name", string())
            .optional("columns", stringList(fields))
            .optional("snapshot_id", bigint())
            .optional("physical_input_rows", bigint())
            .optional("physical_input_bytes", bigint())
            .optional("directly_referenced", bool())
            .optional("authorization", string())
            .optional("reference_chain", stringList(fields))
            .optional("row_filters", stringList(fields))
            .optional("column_masks", stringMap(fields)));

    /** Column-level lineage of writes: one row per (written column, source column). */
    public static final HistoryTable COLUMN_LINEAGE = table("column_lineage", fields -> fields
            .required("query_id", string())
            .required("create_time", timestamp())
            .optional("user", string())
            .optional("target_catalog", string())
            .optional("target_schema", string())
            .optional("target_table", string())
            .optional("target_column", string())
            .optional("target_type", string())
            .optional("source_catalog", string())
            .optional("source_schema", string())
            .optional("source_table", string())
            .optional("source_column", string()));

    /**
     * Denials and the row filters and column masks applied: from the access control with the policies that decided
     * them (when it shares its audit directory), otherwise as the engine reports them after each query.
     */
    public static final HistoryTable ACCESS_AUDIT = table("access_audit", fields -> fields
            .optional("query_id", string())
            .required("create_time", timestamp())
            .optional("user", string())
            .required("kind", string())
            .optional("catalog_name", string())
            .optional("schema_name", string())
            .optional("table_name", string())
            .optional("column_name", string())
            .optional("expression", string())
            .optional("message", string())
            .optional("policies", stringList(fields))
            .optional("query_state", string())
            .optional("policy_version", string()));

    /**
     * Per-stage statistics of a finished query, over all its tasks on all workers, as the coordinator aggregates them
     * (distributions give total, p50 and max across tasks).
     */
    public static final HistoryTable QUERY_STAGES = table("query_stages", fields -> fields
            .required("query_id", string())
            .required("create_time", timestamp())
            .optional("stage_id", bigint())
            .optional("tasks", bigint())
            .optional("drivers", bigint())
            .optional("cpu_ms", bigint())
            .optional("cpu_ms_task_p50", bigint())
            .optional("cpu_ms_task_max", bigint())
            .optional("scheduled_ms", bigint())
            .optional("peak_memory_bytes_task_max", bigint())
            .optional("raw_input_rows", bigint())
            .optional("raw_input_bytes", bigint())
            .optional("processed_input_rows", bigint())
            .optional("processed_input_bytes", bigint())
            .optional("output_rows", bigint())
            .optional("output_bytes", bigint()));

    /**
     * Split statistics, summed per query, stage and node within each write batch. Trino 476 gives event listeners
     * to the coordinator only, so these are the splits the coordinator itself runs.
     */
    public static final HistoryTable QUERY_SPLITS = table("query_splits", fields -> fields
            .required("query_id", string())
            .required("create_time", timestamp())
            .optional("stage_id", string())
            .optional("node", string())
            .optional("catalog_name", string())
            .optional("splits", bigint())
            .optional("failed_splits", bigint())
            .optional("cpu_ms", bigint())
            .optional("wall_ms", bigint())
            .optional("queued_ms", bigint())
            .optional("read_ms", bigint())
            .optional("positions", bigint())
            .optional("data_size_bytes", bigint())
            .optional("first_start_time", timestamp())
            .optional("last_end_time", timestamp()));

    /**
     * One row per query the result-cache service answered from its cache, without the coordinator: handed over
     * through the hand-over directory (module history-handover), partitioned by the time of the hit. {@code query_id}
     * is the id the cache gave the answer; {@code origin_query_id} the Trino query whose result it reused; {@code inputs}
     * the tables the result was computed from, as {@code catalog.schema.table@snapshotId}.
     */
    public static final HistoryTable RESULT_CACHE_HITS = table("result_cache_hits", "hit_time", fields -> fields
            .required("query_id", string())
            .required("hit_time", timestamp())
            .optional("user", string())
            .optional("source", string())
            .optional("client_tags", stringList(fields))
            .optional("session_catalog", string())
            .optional("session_schema", string())
            .optional("query", string())
            .optional("cache_key", string())
            .optional("origin_query_id", string())
            .optional("inputs", stringList(fields))
            .optional("output_rows", bigint())
            .optional("output_bytes", bigint())
            .optional("latency_ms", doubleType()));

    public static final List<HistoryTable> ALL = List.of(QUERIES, QUERY_STARTS, QUERY_TABLES, COLUMN_LINEAGE, ACCESS_AUDIT, QUERY_STAGES, QUERY_SPLITS, RESULT_CACHE_HITS);

    private static final Map<String, HistoryTable> BY_NAME = ALL.stream().collect(toUnmodifiableMap(HistoryTable::name, identity()));

    private HistoryTables() {}

    public static Optional<HistoryTable> byName(String name)
    {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static HistoryTable table(String name, UnaryOperator<Fields> definition)
    {
        return table(name, HistoryTable.CREATE_TIME, definition);
    }

    private static HistoryTable table(String name, String timeColumn, UnaryOperator<Fields> definition)
    {
        Fields fields = definition.apply(new Fields());
        return new HistoryTable(name, new Schema(fields.fields), timeColumn);
    }

    private static Type string()
    {
        return Types.StringType.get();
    }

    private static Type bigint()
    {
        return Types.LongType.get();
    }

    private static Type doubleType()
    {
        return Types.DoubleType.get();
    }

    private static Type bool()
    {
        return Types.BooleanType.get();
    }

    private static Type timestamp()
    {
        return Types.TimestampType.withZone();
    }

    private static Type stringList(Fields fields)
    {
        return Types.ListType.ofOptional(fields.nextId(), Types.StringType.get());
    }

    private static Type stringMap(Fields fields)
    {
        int keyId = fields.nextId();
        return Types.MapType.ofOptional(keyId, fields.nextId(), Types.StringType.get(), Types.StringType.get());
    }

    /** Unique field ids, the nested ones of lists and maps included; the catalog assigns fresh ones at creation. */
    private static final class Fields
    {
        private final AtomicInteger ids = new AtomicInteger();
        private final List<NestedField> fields = new ArrayList<>();

        int nextId()
        {
            return ids.incrementAndGet();
        }

        Fields required(String name, Type type)
        {
            fields.add(NestedField.required(nextId(), name, type));
            return this;
        }

        Fields optional(String name, Type type)
        {
            fields.add(NestedField.optional(nextId(), name, type));
            return this;
        }
    }
}
