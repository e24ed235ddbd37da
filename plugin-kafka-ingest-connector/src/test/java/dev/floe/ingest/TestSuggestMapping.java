package dev.floe.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trino.testing.MaterializedRow;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.floe.ingest.IngestTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/** {@code suggest_mapping} on a real broker: the suggested columns, and a table and pipeline made from them. */
@TestInstance(PER_CLASS)
final class TestSuggestMapping
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECORDS = 200;

    private IngestTestCluster cluster;

    @BeforeAll
    void setUp()
            throws Exception
    {
        cluster = new IngestTestCluster(1);
        cluster.query("CREATE SCHEMA lakehouse.suggested");
        cluster.broker.createTopic("orders", 2);
        cluster.produce("orders", 2, IntStream.range(0, RECORDS).mapToObj(TestSuggestMapping::order).toList());
    }

    @AfterAll
    void tearDown()
    {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String order(int i)
    {
        return """
                {"id": %d, "price": %d.25, "name": "n%d", "active": %s, "placed_at": "2024-05-01T10:00:%02dZ", "local_time": "2024-05-01 10:00:00.123", \
                "day": "2024-05-%02d", "updated_at": %d, "created_ts": %d, "retry_time": %d, "count": %d, "mixed": %s, "tags": ["a", "b%d"], \
                "items": [{"sku": "s%d", "qty": %d}], "customer": {"name": "c%d", "address": {"city": "City %d", "zip": "%05d"}}, \
                "Weird Name": "w", "always_null": null%s}"""
                .formatted(i, i, i, i % 2 == 0, i % 60, i % 28 + 1, 1_714_557_600_000L + i, 1_714_557_600L + i, i % 5, i * 3, i % 2 == 0 ? String.valueOf(i) : i + ".5", i,
                        i, i % 7, i % 13, i % 5, i, i % 4 == 0 ? ", \"maybe\": \"m%d\"".formatted(i) : "");
    }

    @Test
    void nestedObjectsBecomeRows()
    {
        Map<String, MaterializedRow> columns = suggest("topic => 'orders', samples => 1000, target_table => 'lakehouse.suggested.orders_nested'");

        assertColumn(columns, "id", "bigint", "id", false, 1.0);
        assertColumn(columns, "price", "double", "price", false, 1.0);
        assertColumn(columns, "name", "varchar", "name", false, 1.0);
        assertColumn(columns, "active", "boolean", "active", false, 1.0);
        assertColumn(columns, "placed_at", "timestamp(6) with time zone", "placed_at", false, 1.0);
        assertColumn(columns, "local_time", "timestamp(6)", "local_time", false, 1.0);
        assertColumn(columns, "day", "date", "day", false, 1.0);
        // epoch milliseconds and seconds in fields named like times
        assertColumn(columns, "updated_at", "timestamp(6) with time zone", "updated_at", false, 1.0);
        assertColumn(columns, "created_ts", "timestamp(6) with time zone", "created_ts", false, 1.0);
        // named like a time, but no plausible epoch value
        assertColumn(columns, "retry_time", "bigint", "retry_time", false, 1.0);
        assertColumn(columns, "count", "bigint", "count", false, 1.0);
        assertColumn(columns, "mixed", "double", "mixed", false, 1.0);
        assertColumn(columns, "tags", "array(varchar)", "tags", false, 1.0);
        assertColumn(columns, "items", "array(row(\"sku\" varchar, \"qty\" bigint))", "items", false, 1.0);
        assertColumn(columns, "customer", "row(\"name\" varchar, \"address\" row(\"city\" varchar, \"zip\" varchar))", "customer", false, 1.0);
        assertColumn(columns, "weird_name", "varchar", "Weird Name", false, 1.0);
        assertColumn(columns, "always_null", "varchar", "always_null", true, 0.0);
        assertColumn(columns, "maybe", "varchar", "maybe", true, 0.25);
        assertThat(columns).hasSize(18);

        String createTable = createTable("topic => 'orders', target_table => 'lakehouse.suggested.orders_nested'");
        assertThat(createTable).startsWith("CREATE TABLE \"lakehouse\".\"suggested\".\"orders_nested\" (\n    \"");
        cluster.query(createTable);
        assertThat(cluster.query("DESCRIBE lakehouse.suggested.orders_nested").getMaterializedRows())
                .extracting(row -> row.getField(0) + " " + row.getField(1))
                .contains("customer row(name varchar, address row(city varchar, zip varchar))", "updated_at timestamp(6) with time zone", "day date", "tags array(varchar)");
    }

    @Test
    void flattenedObjectsBecomeColumnsWithPaths()
    {
        Map<String, MaterializedRow> columns = suggest("topic => 'orders', flatten => true");

        assertColumn(columns, "customer_name", "varchar", "$.customer.name", false, 1.0);
        assertColumn(columns, "customer_address_city", "varchar", "$.customer.address.city", false, 1.0);
        assertColumn(columns, "customer_address_zip", "varchar", "$.customer.address.zip", false, 1.0);
        // objects in arrays stay rows
        assertColumn(columns, "items", "array(row(\"sku\" varchar, \"qty\" bigint))", "items", false, 1.0);
        assertThat(columns).doesNotContainKey("customer").hasSize(20);
        // the default target: the target catalog's schema default, named after the topic
        assertThat(createTable("topic => 'orders', flatten => true")).startsWith("CREATE TABLE \"lakehouse\".\"default\".\"orders\" (");
    }

    @Test
    void theSuggestionWorksWithAPipelineEndToEnd()
            throws Exception
    {
        for (boolean flatten : List.of(true, false)) {
            String table = "lakehouse.suggested.orders_e2e_" + (flatten ? "flat" : "nested");
            String arguments = "topic => 'orders', target_table => '%s', flatten => %s".formatted(table, flatten);
            cluster.query(createTable(arguments));
            Map<String, String> paths = new LinkedHashMap<>();
            suggest(arguments).forEach((column, row) -> paths.put(column, (String) row.getField(2)));
            String mapping = paths.entrySet().stream()
                    .map(entry -> "\"%s\": \"%s\"".formatted(entry.getKey(), entry.getValue().replace("\"", "\\\"")))
                    .collect(Collectors.joining(", ", "{\"columns\": {", "}, \"commit_interval\": \"200ms\"}"));
            String pipeline = "suggested_" + (flatten ? "flat" : "nested");
            cluster.query("CALL ingest.system.create_pipeline('%s', 'orders', '%s', 'json', '%s')".formatted(pipeline, table, mapping));
            await("rows of " + table, TIMEOUT, () -> cluster.scalar("SELECT count(*) FROM " + table), (long) RECORDS);

            assertThat(cluster.scalar("SELECT count(*) FROM %s__dlq".formatted(table))).isEqualTo(0L);
            String city = flatten ? "customer_address_city" : "customer.address.city";
            assertThat(cluster.row("""
                    SELECT name, price, active, CAST(placed_at AS varchar), CAST(local_time AS varchar), CAST(day AS varchar), CAST(updated_at AS varchar),
                        CAST(created_ts AS varchar), mixed, tags, items[1].sku, %s, weird_name, always_null, maybe
                    FROM %s WHERE id = 8""".formatted(city, table)))
                    .containsExactly("n8", 8.25, true, "2024-05-01 10:00:08.000000 UTC", "2024-05-01 10:00:00.123000", "2024-05-09", "2024-05-01 10:00:00.008000 UTC",
                            "2024-05-01 10:00:08.000000 UTC", 8.0, List.of("a", "b8"), "s8", "City 3", "w", null, "m8");
            assertThat(cluster.scalar("SELECT count(*) FROM %s WHERE maybe IS NOT NULL".formatted(table))).isEqualTo((long) RECORDS / 4);
            cluster.query("CALL ingest.system.drop_pipeline('%s')".formatted(pipeline));
        }
    }

    @Test
    void theLatestRecordsAreSampled()
    {
        cluster.broker.createTopic("evolving", 1);
        List<String> values = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> values.add("{\"a\": %d}".formatted(i)));
        IntStream.range(100, 200).forEach(i -> values.add("{\"a\": %d, \"b\": \"x\"}".formatted(i)));
        cluster.produce("evolving", 1, values);

        assertThat(suggest("topic => 'evolving', samples => 50").get("b").getField(4)).isEqualTo(1.0);
        assertThat(suggest("topic => 'evolving', samples => 200").get("b").getField(4)).isEqualTo(0.5);
    }

    @Test
    void avroRecordsAreDecodedWithTheSchemaOfTheOptions()
            throws Exception
    {
        String schemaJson = """
                {"type": "record", "name": "Payment", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "paid_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "tags", "type": {"type": "array", "items": "string"}},
                  {"name": "payer", "type": {"type": "record", "name": "Payer", "fields": [{"name": "email", "type": "string"}]}},
                  {"name": "note", "type": ["null", "string"], "default": null}]}
                """;
        Schema schema = new Schema.Parser().parse(schemaJson);
        cluster.broker.createTopic("payments", 1);
        for (int i = 0; i < 20; i++) {
            GenericRecord payment = new GenericData.Record(schema);
            payment.put("id", (long) i);
            payment.put("paid_at", 1_714_557_600_000L + i);
            payment.put("day", 19_844 + i);
            payment.put("tags", List.of("t" + i));
            GenericRecord payer = new GenericData.Record(schema.getField("payer").schema());
            payer.put("email", "p%d@example.com".formatted(i));
            payment.put("payer", payer);
            payment.put("note", i % 2 == 0 ? "n" + i : null);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(schema).write(payment, encoder);
            encoder.flush();
            cluster.produceBytes("payments", 0, bytes.toByteArray());
        }
        String options = new ObjectMapper().writeValueAsString(Map.of("schema", Map.of("inline", schemaJson, "framing", "none")));

        Map<String, MaterializedRow> columns = suggest("topic => 'payments', format => 'avro', options => '%s'".formatted(options));
        assertColumn(columns, "id", "bigint", "id", false, 1.0);
        assertColumn(columns, "paid_at", "timestamp(6) with time zone", "paid_at", false, 1.0);
        assertColumn(columns, "day", "date", "day", false, 1.0);
        assertColumn(columns, "tags", "array(varchar)", "tags", false, 1.0);
        assertColumn(columns, "payer", "row(\"email\" varchar)", "payer", false, 1.0);
        assertColumn(columns, "note", "varchar", "note", true, 0.5);
        assertThat(columns).hasSize(6);
    }

    @Test
    void badInputFailsWithAClearMessage()
    {
        assertThatThrownBy(() -> suggest("topic => 'no_such_topic'"))
                .hasMessageContaining("topic no_such_topic does not exist");
        assertThatThrownBy(() -> suggest("topic => 'orders', format => 'xml'"))
                .hasMessageContaining("unknown format 'xml'");
        assertThatThrownBy(() -> suggest("topic => 'orders', format => 'avro'"))
                .hasMessageContaining("schema.inline, schema.file or schema.registry_url");
        assertThatThrownBy(() -> suggest("topic => 'orders', samples => 0"))
                .hasMessageContaining("SAMPLES must be from 1");
        assertThatThrownBy(() -> suggest("topic => 'orders', options => '{\"bootstrap_servers\": \"127.0.0.1:1\"}'"))
                .hasMessageContaining("Kafka at 127.0.0.1:1 did not answer");
    }

    /** The suggested columns by name: column_name, trino_type, path, nullable, coverage. */
    private Map<String, MaterializedRow> suggest(String arguments)
    {
        Map<String, MaterializedRow> columns = new LinkedHashMap<>();
        cluster.query("SELECT column_name, trino_type, path, nullable, coverage FROM TABLE(ingest.system.suggest_mapping(%s))".formatted(arguments))
                .getMaterializedRows()
                .forEach(row -> columns.put((String) row.getField(0), row));
        return columns;
    }

    private String createTable(String arguments)
    {
        return (String) cluster.scalar("SELECT DISTINCT create_table FROM TABLE(ingest.system.suggest_mapping(%s))".formatted(arguments));
    }

    private static void assertColumn(Map<String, MaterializedRow> columns, String name, String type, String path, boolean nullable, double coverage)
    {
        assertThat(columns).containsKey(name);
        assertThat(columns.get(name).getFields()).as(name).containsExactly(name, type, path, nullable, coverage);
    }
}
