package dev.floe.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.floe.ingest.decode.WriterSchema.Type.AVRO;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class TestSchemaSources
{
    private static final String USER_V1 = """
            {"type": "record", "name": "User", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": "string"}]}
            """;

    private static final String USER_V2 = """
            {"type": "record", "name": "User", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": "string"},
              {"name": "email", "type": ["null", "string"], "default": null}]}
            """;

    private static final String EVENT_PROTO = """
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            message Event {
              string name = 1;
              google.protobuf.Timestamp at = 2;
            }
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    // what the registry serves: the JSON answer by schema id
    private final Map<Integer, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Optional<String> requiredAuthorization = Optional.empty();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startRegistry()
            throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/registry/", this::serve);
        server.start();
        url = "http://127.0.0.1:%s/registry".formatted(server.getAddress().getPort());
    }

    @AfterEach
    void stopRegistry()
    {
        server.stop(0);
    }

    /** The subset of the Confluent Schema Registry API that decoding uses, with its error answers. */
    private void serve(HttpExchange exchange)
            throws IOException
    {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        if (requiredAuthorization.isPresent() && !requiredAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"error_code\": 401, \"message\": \"Unauthorized\"}");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") || !path.matches("/registry/schemas/ids/\\d+")) {
            respond(exchange, 404, "{\"error_code\": 404, \"message\": \"HTTP 404 Not Found\"}");
            return;
        }
        int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        if (id == 500) {
            respond(exchange, 500, "boom");
            return;
        }
        String answer = answers.get(id);
        if (answer == null) {
            respond(exchange, 404, "{\"error_code\": 40403, \"message\": \"Schema %s not found\"}".formatted(id));
            return;
        }
        respond(exchange, 200, answer);
    }

    private static void respond(HttpExchange exchange, int status, String body)
            throws IOException
    {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void register(int id, Optional<String> schemaType, String schema, List<String> references)
            throws JsonProcessingException
    {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("schema", schema);
        schemaType.ifPresent(type -> answer.put("schemaType", type));
        if (!references.isEmpty()) {
            answer.put("references", references.stream().map(name -> Map.of("name", name, "subject", name, "version", 1)).toList());
        }
        answers.put(id, mapper.writeValueAsString(answer));
    }

    @Test
    void testRegistryAvroSchemaEvolution()
            throws Exception
    {
        // as Confluent's registry answers for Avro: without schemaType
        register(1, Optional.empty(), USER_V1, List.of());
        register(2, Optional.of("AVRO"), USER_V2, List.of());
        RecordDecoder decoder = new AvroRecordDecoder(SchemaSource.registry(URI.create(url + "/"), Optional.empty()), Framing.CONFLUENT);

        assertThat(decoder.decode(user(1, USER_V1, Map.of("id", 1L, "name", "ada")))).containsExactly(entry("id", 1L), entry("name", "ada"));
        assertThat(decoder.decode(user(2, USER_V2, Map.of("id", 2L, "name", "grace", "email", "g@example.com"))))
                .containsExactly(entry("id", 2L), entry("name", "grace"), entry("email", "g@example.com"));
        assertThat(decoder.decode(user(1, USER_V1, Map.of("id", 3L, "name", "alan")))).containsEntry("name", "alan");
        // each id asked once
        assertThat(requests).hasValue(2);
    }

    @Test
    void testRegistrySource()
            throws Exception
    {
        register(7, Optional.of("PROTOBUF"), EVENT_PROTO, List.of("google/protobuf/timestamp.proto"));
        SchemaSource source = SchemaSource.registry(URI.create(url), Optional.empty(), Duration.ofSeconds(5));

        WriterSchema schema = source.schema(7);
        assertThat(schema.type()).isEqualTo(WriterSchema.Type.PROTOBUF);
        assertThat(schema.text()).isEqualTo(EVENT_PROTO);
        assertThat(schema.origin()).isEqualTo(url + "/schemas/ids/7");
        assertThat(schema.references()).containsExactly("google/protobuf/timestamp.proto");
        assertThat(source.single()).isEmpty();
        assertThat(source.known()).isEmpty();
    }

    @Test
    void testRegistryProtobuf()
            throws Exception
    {
        register(7, Optional.of("PROTOBUF"), EVENT_PROTO, List.of("google/protobuf/timestamp.proto"));
        register(8, Optional.of("PROTOBUF"), "syntax = \"proto3\";\nimport \"common.proto\";\nmessage E { common.Id id = 1; }", List.of("common.proto"));
        RecordDecoder decoder = new ProtobufRecordDecoder(SchemaSource.registry(URI.create(url), Optional.empty()), Framing.CONFLUENT, Optional.empty());

        // field 1 "login", field 2 Timestamp {seconds = 1700000000, nanos = 5}
        byte[] event = {0x0a, 5, 'l', 'o', 'g', 'i', 'n', 0x12, 8, 0x08, (byte) 0x80, (byte) 0xe2, (byte) 0xcf, (byte) 0xaa, 0x06, 0x10, 5};
        byte[] value = ByteBuffer.allocate(6 + event.length).put((byte) 0).putInt(7).put((byte) 0).put(event).array();
        assertThat(decoder.decode(value)).containsExactly(entry("name", "login"), entry("at", Instant.ofEpochSecond(1_700_000_000L, 5)));

        byte[] other = ByteBuffer.allocate(6).put((byte) 0).putInt(8).put((byte) 0).array();
        assertThatThrownBy(() -> decoder.decode(other))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Protobuf: schema id 8: %s/schemas/ids/8 imports \"common.proto\", which is not supported: only the well-known types of google/protobuf/ can be imported".formatted(url));
    }

    @Test
    void testRegistryErrors()
            throws Exception
    {
        register(5, Optional.of("PROTOBUF"), EVENT_PROTO, List.of());
        register(6, Optional.empty(), "{\"type\": \"record\", \"name\": \"T\", \"fields\": [{\"name\": \"ref\", \"type\": \"other.Thing\"}]}", List.of("other.Thing"));
        RecordDecoder decoder = new AvroRecordDecoder(SchemaSource.registry(URI.create(url), Optional.empty()), Framing.CONFLUENT);

        assertThatThrownBy(() -> decoder.decode(header(42)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("Avro: unknown schema id 42: schema registry GET %s/schemas/ids/42 answered HTTP 404 (error_code 40403: Schema 42 not found)".formatted(url));
        // the registry's own failure is not the record's: no dead letter, the pipeline retries
        assertThatThrownBy(() -> decoder.decode(header(500)))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessage("schema id 500: schema registry GET %s/schemas/ids/500 answered HTTP 500 (boom)".formatted(url));
        assertThatThrownBy(() -> decoder.decode(header(5)))
                .hasMessage("Avro: schema id 5: the schema type is PROTOBUF, not AVRO");
        assertThatThrownBy(() -> decoder.decode(header(6)))
                .hasMessage("Avro: schema id 6: refers to other schemas [other.Thing], which is not supported: register the schema with its named types inline");

        // failures are not kept: the registry is asked again
        int before = requests.get();
        assertThatThrownBy(() -> decoder.decode(header(42))).isInstanceOf(DecodeException.class);
        assertThat(requests.get()).isEqualTo(before + 1);
        register(42, Optional.empty(), USER_V1, List.of());
        assertThat(decoder.decode(user(42, USER_V1, Map.of("id", 1L, "name", "late")))).containsEntry("name", "late");
    }

    @Test
    void testRegistryUnreachable()
    {
        server.stop(0);
        RecordDecoder decoder = new AvroRecordDecoder(SchemaSource.registry(URI.create(url), Optional.empty(), Duration.ofSeconds(2)), Framing.CONFLUENT);

        assertThatThrownBy(() -> decoder.decode(header(1)))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageStartingWith("schema id 1: schema registry GET %s/schemas/ids/1 failed: ".formatted(url));
    }

    @Test
    void testRegistryBasicAuthentication()
            throws Exception
    {
        register(1, Optional.empty(), USER_V1, List.of());
        requiredAuthorization = Optional.of("Basic " + Base64.getEncoder().encodeToString("reader:s3cret".getBytes(UTF_8)));
        byte[] value = user(1, USER_V1, Map.of("id", 1L, "name", "ada"));

        assertThat(new AvroRecordDecoder(SchemaSource.registry(URI.create(url), Optional.of("reader:s3cret")), Framing.CONFLUENT).decode(value))
                .containsEntry("name", "ada");
        // user info in the URL works too, and stays out of messages
        String withUserInfo = url.replace("http://", "http://reader:s3cret@");
        assertThat(new AvroRecordDecoder(SchemaSource.registry(URI.create(withUserInfo), Optional.empty()), Framing.CONFLUENT).decode(value))
                .containsEntry("name", "ada");
        assertThatThrownBy(() -> new AvroRecordDecoder(SchemaSource.registry(URI.create(url), Optional.of("reader:wrong")), Framing.CONFLUENT).decode(value))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessage("schema id 1: schema registry GET %s/schemas/ids/1 answered HTTP 401 (error_code 401: Unauthorized)".formatted(url));
        assertThatThrownBy(() -> SchemaSource.registry(URI.create(url), Optional.of("reader")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user info is not of the form user:password");
        assertThatThrownBy(() -> SchemaSource.registry(URI.create("ftp://host/registry"), Optional.empty()))
                .hasMessage("not an http or https URL: ftp://host/registry");
    }

    @Test
    void testFileSource(@TempDir Path directory)
            throws Exception
    {
        Path file = Files.writeString(directory.resolve("user.avsc"), USER_V1);
        SchemaSource source = SchemaSource.file(AVRO, file);

        assertThat(source.single()).hasValueSatisfying(schema -> {
            assertThat(schema.text()).isEqualTo(USER_V1);
            assertThat(schema.origin()).isEqualTo(file.toString());
        });
        // one schema for every id
        assertThat(source.schema(1)).isEqualTo(source.schema(99));
        assertThat(new AvroRecordDecoder(source, Framing.CONFLUENT).decode(user(99, USER_V1, Map.of("id", 1L, "name", "ada")))).containsEntry("name", "ada");

        Path missing = directory.resolve("missing.avsc");
        assertThatThrownBy(() -> SchemaSource.file(AVRO, missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read %s: No such file".formatted(missing));
        assertThatThrownBy(() -> SchemaSource.file(AVRO, directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read %s: ".formatted(directory));
    }

    @Test
    void testInlineSource()
            throws Exception
    {
        SchemaSource byId = SchemaSource.inline(Map.of(2, new WriterSchema(AVRO, USER_V2, "v2"), 1, new WriterSchema(AVRO, USER_V1, "v1")));
        assertThat(byId.schema(2).text()).isEqualTo(USER_V2);
        assertThat(byId.single()).isEmpty();
        assertThat(byId.known()).containsOnlyKeys(1, 2);
        assertThatThrownBy(() -> byId.schema(3))
                .isInstanceOf(DecodeException.class)
                .hasMessage("unknown schema id 3 (schemas known: 1, 2)");
    }

    private static byte[] header(int schemaId)
    {
        return ByteBuffer.allocate(6).put((byte) 0).putInt(schemaId).put((byte) 0).array();
    }

    private static byte[] user(int schemaId, String schemaText, Map<String, Object> fields)
    {
        Schema schema = new Schema.Parser().parse(schemaText);
        GenericRecord record = new GenericData.Record(schema);
        fields.forEach(record::put);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
