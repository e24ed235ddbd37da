package dev.floe.history.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.floe.history.table.Row;
import io.airlift.units.Duration;
import io.openlineage.client.OpenLineage.ColumnLineageDatasetFacetFieldsAdditional;
import io.openlineage.client.OpenLineage.InputField;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.floe.history.table.HistoryTables.ACCESS_AUDIT;
import static dev.floe.history.table.HistoryTables.COLUMN_LINEAGE;
import static dev.floe.history.table.HistoryTables.QUERIES;
import static dev.floe.history.table.HistoryTables.QUERY_SPLITS;
import static dev.floe.history.table.HistoryTables.QUERY_STARTS;
import static dev.floe.history.table.HistoryTables.QUERY_TABLES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Batches of history rows through the sink to a real HTTP server, and the exact OpenLineage events it receives. */
final class TestOpenLineageExportSink
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CTAS_ID = "20250601_101530_00007_abcde";
    private static final String FAILED_ID = "20250601_101600_00008_abcde";
    private static final String CTAS = "CREATE TABLE lakehouse.demo.order_labels AS SELECT o.orderkey, o.totalprice * 2 AS doubled, o.orderstatus || c.name AS label "
            + "FROM tpch.tiny.orders o JOIN lakehouse.demo.customers c ON o.custkey = c.custkey";
    private static final Instant CREATED = Instant.parse("2025-06-01T10:15:30.123456Z");
    private static final Instant ENDED = Instant.parse("2025-06-01T10:15:34.500Z");
    private static final String RUN_EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 201;
    private HttpServer server;

    private record RecordedRequest(String method, String path, Headers headers, String body) {}

    @BeforeEach
    void startServer()
            throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), new Headers(exchange.getRequestHeaders()), body));
            byte[] response = (status == 201 ? "" : "consumer is down").getBytes(UTF_8);
            exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    @Test
    void ctasSendsStartThenCompleteWithInputsOutputAndColumnLineage()
            throws Exception
    {
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            sink.deliver(1, List.of(ctasStart()));
            sink.deliver(2, ctasCompletion());
        }

        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsOnly(tuple("POST", "/api/v1/lineage"));
        assertThat(bodies()).hasSize(2);
        assertThat(JSON.readTree(bodies().get(0))).isEqualTo(JSON.readTree(
                """
                {
                  "eventTime": "2025-06-01T10:15:30.123456Z",
                  "producer": "https://floe.dev/plugin-event-listener",
                  "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                  "eventType": "START",
                  "run": {"runId": "%s", "facets": {}},
                  "job": {
                    "namespace": "trino://coordinator-1",
                    "name": "%s",
                    "facets": {
                      "jobType": {
                        "_producer": "https://floe.dev/plugin-event-listener",
                        "_schemaURL": "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
                        "processingType": "BATCH",
                        "integration": "TRINO",
                        "jobType": "QUERY"
                      },
                      "sql": {
                        "_producer": "https://floe.dev/plugin-event-listener",
                        "_schemaURL": "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
                        "query": "%s",
                        "dialect": "trino"
                      }
                    }
                  },
                  "inputs": [],
                  "outputs": []
                }
                """.formatted(nameUuid(CTAS_ID), CTAS_ID, CTAS)));
        assertThat(JSON.readTree(bodies().get(1))).isEqualTo(JSON.readTree(
                """
                {
                  "eventTime": "2025-06-01T10:15:34.5Z",
                  "producer": "https://floe.dev/plugin-event-listener",
                  "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                  "eventType": "COMPLETE",
                  "run": {
                    "runId": "%1$s",
                    "facets": {
                      "processing_engine": {
                        "_producer": "https://floe.dev/plugin-event-listener",
                        "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
                        "version": "476",
                        "name": "Trino"
                      }
                    }
                  },
                  "job": {
                    "namespace": "trino://coordinator-1",
                    "name": "%2$s",
                    "facets": {
                      "jobType": {
                        "_producer": "https://floe.dev/plugin-event-listener",
                        "_schemaURL": "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
                        "processingType": "BATCH",
                        "integration": "TRINO",
                        "jobType": "QUERY"
                      },
                      "sql": {
                        "_producer": "https://floe.dev/plugin-event-listener",
                        "_schemaURL": "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
                        "query": "%3$s",
                        "dialect": "trino"
                      }
                    }
                  },
                  "inputs": [
                    {
                      "namespace": "trino://coordinator-1",
                      "name": "tpch.tiny.orders",
                      "facets": {
                        "schema": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                          "fields": [{"name": "orderkey"}, {"name": "totalprice"}, {"name": "orderstatus"}, {"name": "custkey"}]
                        }
                      }
                    },
                    {
                      "namespace": "trino://coordinator-1",
                      "name": "lakehouse.demo.customers",
                      "facets": {
                        "schema": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                          "fields": [{"name": "custkey"}, {"name": "name"}]
                        },
                        "version": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet",
                          "datasetVersion": "4242"
                        }
                      }
                    }
                  ],
                  "outputs": [
                    {
                      "namespace": "trino://coordinator-1",
                      "name": "lakehouse.demo.order_labels",
                      "facets": {
                        "schema": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                          "fields": [
                            {"name": "orderkey", "type": "bigint"},
                            {"name": "doubled", "type": "double"},
                            {"name": "label", "type": "varchar"},
                            {"name": "loaded"}
                          ]
                        },
                        "columnLineage": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
                          "fields": {
                            "orderkey": {"inputFields": [{"namespace": "trino://coordinator-1", "name": "tpch.tiny.orders", "field": "orderkey"}]},
                            "doubled": {"inputFields": [{"namespace": "trino://coordinator-1", "name": "tpch.tiny.orders", "field": "totalprice"}]},
                            "label": {
                              "inputFields": [
                                {"namespace": "trino://coordinator-1", "name": "lakehouse.demo.customers", "field": "name"},
                                {"namespace": "trino://coordinator-1", "name": "tpch.tiny.orders", "field": "orderstatus"}
                              ]
                            }
                          }
                        }
                      },
                      "outputFacets": {
                        "outputStatistics": {
                          "_producer": "https://floe.dev/plugin-event-listener",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
                          "rowCount": 15000,
                          "size": 262144
                        }
                      }
                    }
                  ]
                }
                """.formatted(nameUuid(CTAS_ID), CTAS_ID, CTAS)));

        RunEvent start = assertFollowsSpec(bodies().get(0));
        RunEvent complete = assertFollowsSpec(bodies().get(1));
        assertThat(start.getEventType()).isEqualTo(EventType.START);
        assertThat(complete.getEventType()).isEqualTo(EventType.COMPLETE);
        assertThat(complete.getRun().getRunId()).isEqualTo(start.getRun().getRunId());
        assertThat(complete.getJob().getName()).isEqualTo(start.getJob().getName()).isEqualTo(CTAS_ID);
        assertThat(complete.getInputs()).extracting(input -> input.getName()).containsExactly("tpch.tiny.orders", "lakehouse.demo.customers");
        assertThat(complete.getOutputs()).extracting(output -> output.getName()).containsExactly("lakehouse.demo.order_labels");
        Map<String, ColumnLineageDatasetFacetFieldsAdditional> lineage = complete.getOutputs().getFirst().getFacets().getColumnLineage().getFields().getAdditionalProperties();
        assertThat(lineage.get("label").getInputFields()).extracting(InputField::getName, InputField::getField)
                .containsExactly(
                        tuple("lakehouse.demo.customers", "name"),
                        tuple("tpch.tiny.orders", "orderstatus"));
        assertThat(lineage).doesNotContainKey("loaded");
    }

    @Test
    void startAndCompletionInOneBatchAreSentInThatOrderAndRedeliveryRepeatsThem()
            throws Exception
    {
        List<Row> batch = new ArrayList<>(List.of(ctasStart()));
        batch.addAll(ctasCompletion());
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            sink.deliver(1, batch);
            sink.deliver(1, batch);
        }
        List<String> bodies = bodies();
        assertThat(bodies).hasSize(4);
        assertThat(bodies.subList(2, 4)).isEqualTo(bodies.subList(0, 2));
        assertThat(bodies).extracting(body -> OpenLineageClientUtils.runEventFromJson(body).getEventType())
                .containsExactly(EventType.START, EventType.COMPLETE, EventType.START, EventType.COMPLETE);
    }

    @Test
    void failedQuerySendsFailWithErrorMessage()
            throws Exception
    {
        Row failed = Row.builder(QUERIES)
                .set("query_id", FAILED_ID)
                .set("state", "FAILED")
                .set("query", "SELECT * FROM lakehouse.demo.missing")
                .set("server_address", "coordinator-1")
                .set("create_time", CREATED)
                .set("end_time", ENDED)
                .set("written_rows", 0L)
                .set("error_code", "TABLE_NOT_FOUND")
                .set("failure_message", "line 1:15: Table 'lakehouse.demo.missing' does not exist")
                .build();
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            sink.deliver(3, List.of(failed));
        }

        assertThat(bodies()).hasSize(1);
        RunEvent event = assertFollowsSpec(bodies().getFirst());
        assertThat(event.getEventType()).isEqualTo(EventType.FAIL);
        assertThat(event.getEventTime().toInstant()).isEqualTo(ENDED);
        assertThat(event.getRun().getRunId()).isEqualTo(nameUuid(FAILED_ID));
        assertThat(event.getRun().getFacets().getErrorMessage().getMessage()).isEqualTo("line 1:15: Table 'lakehouse.demo.missing' does not exist");
        assertThat(event.getRun().getFacets().getErrorMessage().getProgrammingLanguage()).isEqualTo("SQL");
        assertThat(event.getRun().getFacets().getProcessing_engine()).isNull();
        assertThat(event.getJob().getFacets().getSql().getQuery()).isEqualTo("SELECT * FROM lakehouse.demo.missing");
        assertThat(event.getInputs()).isEmpty();
        assertThat(event.getOutputs()).isEmpty();
    }

    @Test
    void configuredNamespaceNamesJobsAndDatasets()
            throws Exception
    {
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config().setNamespace("analytics"))) {
            sink.deliver(1, ctasCompletion());
        }
        JsonNode event = JSON.readTree(bodies().getFirst());
        assertThat(event.at("/job/namespace").asText()).isEqualTo("analytics");
        assertThat(event.findValues("namespace")).extracting(JsonNode::asText).hasSizeGreaterThan(4).containsOnly("analytics");
    }

    @Test
    void rowsOfOtherTablesSendNothing()
            throws Exception
    {
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            sink.deliver(1, List.of(
                    Row.builder(QUERY_SPLITS).set("query_id", CTAS_ID).set("create_time", CREATED).set("splits", 3L).build(),
                    Row.builder(ACCESS_AUDIT).set("query_id", CTAS_ID).set("create_time", CREATED).set("kind", "column_mask").build()));
            sink.deliver(2, List.of());
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void apiKeyHeadersAndEndpointAreSent()
            throws Exception
    {
        OpenLineageConfig config = config()
                .setUrl(URI.create("http://127.0.0.1:%s/openapi/".formatted(server.getAddress().getPort())))
                .setEndpoint("/openlineage/api/v1/lineage")
                .setApiKey("secret-token")
                .setHeaders("X-Tenant: analytics, X-Source:floe");
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config)) {
            sink.deliver(1, List.of(ctasStart()));
        }
        RecordedRequest request = requests.getFirst();
        assertThat(request.path()).isEqualTo("/openapi/openlineage/api/v1/lineage");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer secret-token");
        assertThat(request.headers().get("Content-Type")).containsExactly("application/json");
        assertThat(request.headers().get("X-Tenant")).containsExactly("analytics");
        assertThat(request.headers().get("X-Source")).containsExactly("floe");
    }

    @Test
    void noAuthorizationWithoutApiKey()
            throws Exception
    {
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            sink.deliver(1, List.of(ctasStart()));
        }
        assertThat(requests.getFirst().headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void serverErrorThrowsSoTheBatchIsRetried()
            throws Exception
    {
        status = 500;
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            assertThatThrownBy(() -> sink.deliver(1, ctasCompletion()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("500")
                    .hasMessageContaining("consumer is down");
            assertThat(requests).hasSize(1);

            status = 201;
            sink.deliver(1, ctasCompletion());
        }
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    }

    @Test
    void clientErrorThrows()
            throws Exception
    {
        status = 400;
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config())) {
            assertThatThrownBy(() -> sink.deliver(1, List.of(ctasStart())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("400");
        }
    }

    @Test
    void connectionRefusedThrows()
            throws Exception
    {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenLineageConfig config = config()
                .setUrl(URI.create("http://127.0.0.1:" + closedPort))
                .setTimeout(new Duration(2, SECONDS));
        try (OpenLineageExportSink sink = new OpenLineageExportSink(config)) {
            assertThatThrownBy(() -> sink.deliver(1, List.of(ctasStart())))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void urlIsRequired()
    {
        assertThatThrownBy(() -> new OpenLineageExportSink(new OpenLineageConfig()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history.openlineage.url is not set");
    }

    @Test
    void restrictedHeaderFailsAtConstruction()
    {
        assertThatThrownBy(() -> new OpenLineageExportSink(config().setHeaders("Host:elsewhere")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The spec's JSON schemas do not ship with the library, so this checks what they demand of a run event: the
     * library's model reads the body back without dropping or changing anything, the required properties are there,
     * and every facet names its producer and a versioned schema of the spec.
     */
    private static RunEvent assertFollowsSpec(String body)
            throws IOException
    {
        JsonNode json = JSON.readTree(body);
        RunEvent event = OpenLineageClientUtils.runEventFromJson(body);
        assertThat(JSON.readTree(OpenLineageClientUtils.toJson(event))).isEqualTo(json);

        assertThat(json.path("schemaURL").asText()).isEqualTo(RUN_EVENT_SCHEMA);
        assertThat(json.path("producer").asText()).isEqualTo(RunEventMapper.PRODUCER.toString());
        assertThat(OffsetDateTime.parse(json.path("eventTime").asText()).toInstant()).isEqualTo(event.getEventTime().toInstant());
        assertThat(UUID.fromString(json.at("/run/runId").asText())).isEqualTo(event.getRun().getRunId());
        assertThat(json.at("/job/namespace").asText()).isNotBlank();
        assertThat(json.at("/job/name").asText()).isNotBlank();

        List<JsonNode> facetGroups = new ArrayList<>(List.of(json.at("/run/facets"), json.at("/job/facets")));
        for (JsonNode dataset : json.path("inputs")) {
            assertDatasetIdentified(dataset);
            facetGroups.add(dataset.path("facets"));
            facetGroups.add(dataset.path("inputFacets"));
        }
        for (JsonNode dataset : json.path("outputs")) {
            assertDatasetIdentified(dataset);
            facetGroups.add(dataset.path("facets"));
            facetGroups.add(dataset.path("outputFacets"));
        }
        for (JsonNode group : facetGroups) {
            for (JsonNode facet : group) {
                assertThat(facet.path("_producer").asText()).isEqualTo(RunEventMapper.PRODUCER.toString());
                assertThat(facet.path("_schemaURL").asText()).matches("https://openlineage\\.io/spec/facets/\\d+-\\d+-\\d+/(\\w+)\\.json#/\\$defs/\\1");
            }
        }
        return event;
    }

    private static void assertDatasetIdentified(JsonNode dataset)
    {
        assertThat(dataset.path("namespace").asText()).isNotBlank();
        assertThat(dataset.path("name").asText()).isNotBlank();
    }

    private OpenLineageConfig config()
    {
        return new OpenLineageConfig().setUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    private List<String> bodies()
    {
        return requests.stream().map(RecordedRequest::body).toList();
    }

    private static UUID nameUuid(String queryId)
    {
        return UUID.nameUUIDFromBytes(queryId.getBytes(UTF_8));
    }

    private static Row ctasStart()
    {
        return Row.builder(QUERY_STARTS)
                .set("query_id", CTAS_ID)
                .set("create_time", CREATED)
                .set("state", "QUEUED")
                .set("query_type", "INSERT")
                .set("user", "alice")
                .set("query", CTAS)
                .set("environment", "test")
                .set("server_address", "coordinator-1")
                .build();
    }

    /** The rows of the CTAS's completion as the mapper writes them, with rows of other tables the sink ignores. */
    private static List<Row> ctasCompletion()
    {
        return List.of(
                Row.builder(QUERIES)
                        .set("query_id", CTAS_ID)
                        .set("state", "FINISHED")
                        .set("query_type", "INSERT")
                        .set("update_type", "CREATE TABLE")
                        .set("user", "alice")
                        .set("query", CTAS)
                        .set("environment", "test")
                        .set("server_address", "coordinator-1")
                        .set("server_version", "476")
                        .set("create_time", CREATED)
                        .set("end_time", ENDED)
                        .set("written_rows", 15000L)
                        .set("written_bytes", 262144L)
                        .build(),
                read("tpch", "tiny", "orders", List.of("orderkey", "totalprice", "orderstatus", "custkey"), null),
                read("lakehouse", "demo", "customers", List.of("custkey", "name"), 4242L),
                // the same table again, as through a view: one input
                read("lakehouse", "demo", "customers", List.of("name"), null),
                Row.builder(QUERY_TABLES)
                        .set("query_id", CTAS_ID)
                        .set("create_time", CREATED)
                        .set("access", "write")
                        .set("catalog_name", "lakehouse")
                        .set("schema_name", "demo")
                        .set("table_name", "order_labels")
                        .set("columns", List.of("orderkey", "doubled", "label", "loaded"))
                        .build(),
                lineage("orderkey", "bigint", "tpch", "tiny", "orders", "orderkey"),
                lineage("doubled", "double", "tpch", "tiny", "orders", "totalprice"),
                lineage("label", "varchar", "lakehouse", "demo", "customers", "name"),
                lineage("label", "varchar", "tpch", "tiny", "orders", "orderstatus"),
                Row.builder(ACCESS_AUDIT)
                        .set("query_id", CTAS_ID)
                        .set("create_time", CREATED)
                        .set("kind", "column_mask")
                        .set("catalog_name", "lakehouse")
                        .set("schema_name", "demo")
                        .set("table_name", "customers")
                        .set("column_name", "name")
                        .build(),
                Row.builder(QUERY_SPLITS)
                        .set("query_id", CTAS_ID)
                        .set("create_time", CREATED)
                        .set("splits", 4L)
                        .build());
    }

    private static Row read(String catalog, String schema, String table, List<String> columns, Long snapshotId)
    {
        return Row.builder(QUERY_TABLES)
                .set("query_id", CTAS_ID)
                .set("create_time", CREATED)
                .set("access", "read")
                .set("catalog_name", catalog)
                .set("schema_name", schema)
                .set("table_name", table)
                .set("columns", columns)
                .set("snapshot_id", snapshotId)
                .build();
    }

    private static Row lineage(String targetColumn, String targetType, String sourceCatalog, String sourceSchema, String sourceTable, String sourceColumn)
    {
        return Row.builder(COLUMN_LINEAGE)
                .set("query_id", CTAS_ID)
                .set("create_time", CREATED)
                .set("target_catalog", "lakehouse")
                .set("target_schema", "demo")
                .set("target_table", "order_labels")
                .set("target_column", targetColumn)
                .set("target_type", targetType)
                .set("source_catalog", sourceCatalog)
                .set("source_schema", sourceSchema)
                .set("source_table", sourceTable)
                .set("source_column", sourceColumn)
                .build();
    }
}
