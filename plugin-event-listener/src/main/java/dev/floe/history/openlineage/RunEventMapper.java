package dev.floe.history.openlineage;

import dev.floe.history.table.Row;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.ColumnLineageDatasetFacet;
import io.openlineage.client.OpenLineage.ColumnLineageDatasetFacetFieldsBuilder;
import io.openlineage.client.OpenLineage.DatasetFacetsBuilder;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.InputField;
import io.openlineage.client.OpenLineage.Job;
import io.openlineage.client.OpenLineage.JobFacetsBuilder;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.OutputDatasetOutputFacetsBuilder;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineage.RunFacetsBuilder;
import io.openlineage.client.OpenLineage.SchemaDatasetFacet;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.floe.history.table.HistoryTables.COLUMN_LINEAGE;
import static dev.floe.history.table.HistoryTables.QUERIES;
import static dev.floe.history.table.HistoryTables.QUERY_STARTS;
import static dev.floe.history.table.HistoryTables.QUERY_TABLES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toMap;

/**
 * Turns a batch of history rows into OpenLineage run events: START for each query_starts row, COMPLETE or FAIL for
 * each queries row, with the inputs, the output and the column lineage of the query_tables and column_lineage rows of
 * the same batch (the rows of one completion always share a batch). The run id is derived from the query id, so both
 * events of a query and every redelivery of a batch carry the same one.
 */
final class RunEventMapper
{
    static final URI PRODUCER = URI.create("https://floe.dev/plugin-event-listener");

    private static final String FINISHED = "FINISHED";

    private final OpenLineage openLineage = new OpenLineage(PRODUCER);
    private final Optional<String> namespace;

    RunEventMapper(Optional<String> namespace)
    {
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    List<RunEvent> events(List<Row> rows)
    {
        List<Row> starts = new ArrayList<>();
        List<Row> completions = new ArrayList<>();
        Map<String, List<Row>> tables = new HashMap<>();
        Map<String, List<Row>> lineage = new HashMap<>();
        for (Row row : rows) {
            if (row.table() == QUERY_STARTS) {
                starts.add(row);
            }
            else if (row.table() == QUERIES) {
                completions.add(row);
            }
            else if (row.table() == QUERY_TABLES) {
                tables.computeIfAbsent(queryId(row), _ -> new ArrayList<>()).add(row);
            }
            else if (row.table() == COLUMN_LINEAGE) {
                lineage.computeIfAbsent(queryId(row), _ -> new ArrayList<>()).add(row);
            }
        }
        List<RunEvent> events = new ArrayList<>();
        // a query that started and completed within one batch is sent in that order
        starts.forEach(row -> events.add(start(row)));
        for (Row query : completions) {
            String queryId = queryId(query);
            events.add(completion(query, tables.getOrDefault(queryId, List.of()), lineage.getOrDefault(queryId, List.of())));
        }
        return events;
    }

    private RunEvent start(Row start)
    {
        String queryId = queryId(start);
        return openLineage.newRunEventBuilder()
                .eventType(EventType.START)
                .eventTime(utc((Instant) start.get("create_time")))
                .run(openLineage.newRun(runId(queryId), openLineage.newRunFacetsBuilder().build()))
                .job(job(namespace(start), queryId, start))
                .inputs(List.of())
                .outputs(List.of())
                .build();
    }

    private RunEvent completion(Row query, List<Row> tables, List<Row> lineage)
    {
        String queryId = queryId(query);
        String namespace = namespace(query);
        boolean finished = FINISHED.equals(query.get("state"));
        RunFacetsBuilder runFacets = openLineage.newRunFacetsBuilder();
        string(query, "server_version").ifPresent(version -> runFacets.processing_engine(openLineage.newProcessingEngineRunFacetBuilder()
                .name("Trino")
                .version(version)
                .build()));
        if (!finished) {
            runFacets.errorMessage(openLineage.newErrorMessageRunFacetBuilder()
                    .message(errorMessage(query))
                    .programmingLanguage("SQL")
                    .build());
        }
        Instant end = Optional.ofNullable((Instant) query.get("end_time")).orElse((Instant) query.get("create_time"));
        return openLineage.newRunEventBuilder()
                .eventType(finished ? EventType.COMPLETE : EventType.FAIL)
                .eventTime(utc(end))
                .run(openLineage.newRun(runId(queryId), runFacets.build()))
                .job(job(namespace, queryId, query))
                .inputs(inputs(namespace, tables))
                .outputs(outputs(namespace, query, finished, tables, lineage))
                .build();
    }

    private Job job(String namespace, String queryId, Row row)
    {
        JobFacetsBuilder facets = openLineage.newJobFacetsBuilder()
                .jobType(openLineage.newJobTypeJobFacetBuilder()
                        .processingType("BATCH")
                        .integration("TRINO")
                        .jobType("QUERY")
                        .build());
        string(row, "query").ifPresent(sql -> facets.sql(openLineage.newSQLJobFacetBuilder()
                .query(sql)
                .dialect("trino")
                .build()));
        return openLineage.newJob(namespace, queryId, facets.build());
    }

    private List<InputDataset> inputs(String namespace, List<Row> tables)
    {
        // a table referenced more than once (directly and through a view, say) is one input with the columns of all
        Map<String, List<Row>> references = new LinkedHashMap<>();
        for (Row table : tables) {
            if ("read".equals(table.get("access"))) {
                references.computeIfAbsent(datasetName(table, "catalog_name", "schema_name", "table_name"), _ -> new ArrayList<>()).add(table);
            }
        }
        return references.entrySet().stream()
                .map(table -> input(namespace, table.getKey(), table.getValue()))
                .toList();
    }

    private InputDataset input(String namespace, String name, List<Row> references)
    {
        DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
        List<String> columns = references.stream().flatMap(row -> strings(row, "columns").stream()).distinct().toList();
        if (!columns.isEmpty()) {
            facets.schema(schema(columns, Map.of()));
        }
        // the Iceberg snapshot the query read
        references.stream().map(row -> (Long) row.get("snapshot_id")).filter(Objects::nonNull).findFirst()
                .ifPresent(snapshot -> facets.version(openLineage.newDatasetVersionDatasetFacet(snapshot.toString())));
        return openLineage.newInputDatasetBuilder()
                .namespace(namespace)
                .name(name)
                .facets(facets.build())
                .build();
    }

    private List<OutputDataset> outputs(String namespace, Row query, boolean finished, List<Row> tables, List<Row> lineage)
    {
        List<OutputDataset> outputs = new ArrayList<>();
        for (Row table : tables) {
            if (!"write".equals(table.get("access"))) {
                continue;
            }
            String name = datasetName(table, "catalog_name", "schema_name", "table_name");
            List<Row> columnLineage = lineage.stream()
                    .filter(row -> name.equals(datasetName(row, "target_catalog", "target_schema", "target_table")))
                    .filter(row -> row.get("target_column") != null && row.get("source_column") != null)
                    .toList();
            DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
            List<String> columns = strings(table, "columns");
            if (!columns.isEmpty()) {
                facets.schema(schema(columns, columnTypes(columnLineage)));
            }
            if (!columnLineage.isEmpty()) {
                facets.columnLineage(columnLineage(namespace, columnLineage));
            }
            OutputDatasetOutputFacetsBuilder outputFacets = openLineage.newOutputDatasetOutputFacetsBuilder();
            Long writtenRows = (Long) query.get("written_rows");
            if (finished && writtenRows != null) {
                outputFacets.outputStatistics(openLineage.newOutputStatisticsOutputDatasetFacetBuilder()
                        .rowCount(writtenRows)
                        .size((Long) query.get("written_bytes"))
                        .build());
            }
            outputs.add(openLineage.newOutputDatasetBuilder()
                    .namespace(namespace)
                    .name(name)
                    .facets(facets.build())
                    .outputFacets(outputFacets.build())
                    .build());
        }
        return outputs;
    }

    /** fields.&lt;written column&gt;.inputFields: the source columns each written column was computed from. */
    private ColumnLineageDatasetFacet columnLineage(String namespace, List<Row> lineage)
    {
        Map<String, List<InputField>> sources = new LinkedHashMap<>();
        for (Row row : lineage) {
            sources.computeIfAbsent((String) row.get("target_column"), _ -> new ArrayList<>())
                    .add(openLineage.newInputFieldBuilder()
                            .namespace(namespace)
                            .name(datasetName(row, "source_catalog", "source_schema", "source_table"))
                            .field((String) row.get("source_column"))
                            .build());
        }
        ColumnLineageDatasetFacetFieldsBuilder fields = openLineage.newColumnLineageDatasetFacetFieldsBuilder();
        sources.forEach((column, inputFields) -> fields.put(column, openLineage.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                .inputFields(inputFields)
                .build()));
        return openLineage.newColumnLineageDatasetFacetBuilder()
                .fields(fields.build())
                .build();
    }

    private SchemaDatasetFacet schema(List<String> columns, Map<String, String> types)
    {
        return openLineage.newSchemaDatasetFacetBuilder()
                .fields(columns.stream()
                        .map(column -> openLineage.newSchemaDatasetFacetFieldsBuilder()
                                .name(column)
                                .type(types.get(column))
                                .build())
                        .toList())
                .build();
    }

    /** The engine reports the types of written columns only with their lineage. */
    private static Map<String, String> columnTypes(List<Row> lineage)
    {
        return lineage.stream()
                .filter(row -> row.get("target_type") != null)
                .collect(toMap(row -> (String) row.get("target_column"), row -> (String) row.get("target_type"), (first, _) -> first));
    }

    private static String errorMessage(Row query)
    {
        return string(query, "failure_message")
                .or(() -> string(query, "error_code"))
                .orElseGet(() -> "Query ended in state " + query.get("state"));
    }

    /** The configured namespace, or the coordinator that ran the query. */
    private String namespace(Row row)
    {
        return namespace.orElseGet(() -> string(row, "server_address").map(address -> "trino://" + address).orElse("trino"));
    }

    private static UUID runId(String queryId)
    {
        return UUID.nameUUIDFromBytes(queryId.getBytes(UTF_8));
    }

    private static String datasetName(Row row, String catalog, String schema, String table)
    {
        return Stream.of(catalog, schema, table)
                .map(row::get)
                .filter(Objects::nonNull)
                .map(String.class::cast)
                .collect(joining("."));
    }

    private static String queryId(Row row)
    {
        return (String) row.get("query_id");
    }

    private static Optional<String> string(Row row, String column)
    {
        return Optional.ofNullable((String) row.get(column));
    }

    private static List<String> strings(Row row, String column)
    {
        Object value = row.get(column);
        return value == null ? List.of() : ((List<?>) value).stream().map(String.class::cast).toList();
    }

    private static ZonedDateTime utc(Instant instant)
    {
        return instant.atZone(ZoneOffset.UTC);
    }
}
