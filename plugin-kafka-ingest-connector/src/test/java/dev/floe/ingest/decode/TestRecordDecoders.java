package dev.floe.ingest.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class TestRecordDecoders
{
    private static final String USER = """
            {"type": "record", "name": "User", "fields": [{"name": "id", "type": "long"}]}
            """;
    private static final String EVENT_PROTO = """
            syntax = "proto3";
            package app;
            message Other { bool flag = 1; }
            message Event { string name = 1; }
            """;

    @Test
    void testCreate(@TempDir Path directory)
            throws Exception
    {
        assertThat(RecordDecoders.create("json", Map.of())).isInstanceOf(JsonRecordDecoder.class);
        assertThat(RecordDecoders.create(" AVRO ", Map.of("inline", USER))).isInstanceOf(AvroRecordDecoder.class);
        assertThat(RecordDecoders.create("avro", Map.of("registry_url", "http://localhost:8081", "registry_user_info", "u:p"))).isInstanceOf(AvroRecordDecoder.class);

        // without framing: id 2 zig-zag encoded is 4
        RecordDecoder avro = RecordDecoders.create("avro", Map.of("file", Files.writeString(directory.resolve("user.avsc"), USER).toString(), "framing", "none"));
        assertThat(avro.decode(new byte[] {4})).containsExactly(entry("id", 2L));

        RecordDecoder byId = RecordDecoders.create("avro", Map.of("inline", Map.of("1", USER)));
        assertThat(byId.decode(new byte[] {0, 0, 0, 0, 1, 4})).containsExactly(entry("id", 2L));
        assertThatThrownBy(() -> byId.decode(new byte[] {0, 0, 0, 0, 2, 4}))
                .hasMessage("Avro: unknown schema id 2 (schemas known: 1)");

        RecordDecoder protobuf = RecordDecoders.create("protobuf", Map.of("inline", EVENT_PROTO, "framing", "none", "message", "app.Event"));
        assertThat(protobuf.decode(new byte[] {0x0a, 1, 'x'})).containsExactly(entry("name", "x"));
        RecordDecoder framed = RecordDecoders.create("protobuf", Map.of("inline", EVENT_PROTO));
        assertThat(framed.decode(new byte[] {0, 0, 0, 0, 1, 2, 2, 0x0a, 1, 'y'})).containsExactly(entry("name", "y"));
    }

    @Test
    void testInvalidOptions()
    {
        assertInvalid("xml", Map.of(), "unknown format 'xml' (one of json, avro, protobuf)");
        assertInvalid("json", Map.of("inline", "{}"), "option schema: the json format reads no schema (found schema.inline)");
        assertInvalid("avro", Map.of("inlined", USER), "option schema.inlined: unknown key (keys: inline, file, registry_url, registry_user_info, framing, message)");
        assertInvalid("avro", Map.of(), "option schema: the avro format needs the writer schema: schema.inline, schema.file or schema.registry_url");
        assertInvalid("protobuf", Map.of("framing", "none"), "option schema: the protobuf format needs the writer schema: schema.inline, schema.file or schema.registry_url");
        assertInvalid("avro", Map.of("inline", USER, "file", "/x/user.avsc"), "options schema.inline and schema.file exclude each other");
        assertInvalid("avro", Map.of("inline", USER, "registry_user_info", "u:p"), "option schema.registry_user_info: applies to schema.registry_url only");
        assertInvalid("avro", Map.of("inline", USER, "framing", "magic"), "option schema.framing: unknown framing 'magic' (one of confluent, none)");
        assertInvalid("avro", Map.of("inline", USER, "message", "User"), "option schema.message: applies to the protobuf format only");
        assertInvalid("protobuf", Map.of("inline", EVENT_PROTO, "message", "app.Event"), "option schema.message: applies to framing none only: with Confluent's framing each value names its message type");
        assertInvalid("avro", Map.of("registry_url", "http://localhost:8081", "framing", "none"),
                "option schema.framing: none needs one writer schema, in schema.inline or schema.file: without framing values carry no schema id");
        assertInvalid("avro", Map.of("inline", Map.of("1", USER), "framing", "none"),
                "option schema.framing: none needs one writer schema, in schema.inline or schema.file: without framing values carry no schema id");
        assertInvalid("avro", Map.of("file", "/nonexistent/user.avsc"), "option schema.file: cannot read /nonexistent/user.avsc: No such file");
        assertInvalid("avro", Map.of("file", Map.of("3", "/nonexistent/v3.avsc")), "option schema.file: cannot read /nonexistent/v3.avsc: No such file");
        assertInvalid("avro", Map.of("inline", Map.of("one", USER)), "option schema.inline: 'one' is not a schema id");
        assertInvalid("avro", Map.of("inline", 42), "option schema.inline: must be a string, or an object of strings by schema id");
        assertInvalid("avro", Map.of("registry_url", "ftp://host"), "option schema.registry_url: not an http or https URL: ftp://host");
        assertInvalid("avro", Map.of("registry_url", "http://host", "registry_user_info", "nopassword"), "option schema.registry_url: user info is not of the form user:password");
        assertInvalid("avro", Map.of("inline", "{\"type\": \"record\", \"name\": \"X\"}"), "option schema.inline: not a valid Avro schema: Record has no fields: {\"type\":\"record\",\"name\":\"X\"}");
        assertInvalid("avro", Map.of("inline", Map.of("1", USER, "2", "\"int\"")), "option schema.inline: schema id 2: the schema is of type int, not a record");
        assertInvalid("protobuf", Map.of("inline", EVENT_PROTO, "framing", "none", "message", "app.Missing"),
                "option schema.inline: no message type app.Missing in the schema (message types: app.Other, app.Event)");
        assertInvalid("protobuf", Map.of("inline", "message {"), "option schema.inline: Syntax error in inline.proto:1:9: expected a word");
    }

    private static void assertInvalid(String format, Map<String, Object> options, String message)
    {
        assertThatThrownBy(() -> RecordDecoders.create(format, options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
