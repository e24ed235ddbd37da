package dev.floe.ingest.decode;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class TestJsonRecordDecoder
{
    private final RecordDecoder decoder = new JsonRecordDecoder();

    @Test
    void testTree()
            throws DecodeException
    {
        Map<String, Object> tree = decode("""
                {"id": 7, "big": 9000000000, "huge": 123456789012345678901234567890, "price": 19.90, "tiny": 1e-7,
                 "name": "Zoë", "ok": true, "none": null, "tags": ["a", 1, [2.5]], "nested": {"x": {"y": false}},
                 "at": "2024-05-01T10:00:00Z"}
                """);
        assertThat(tree).containsExactly(
                entry("id", 7),
                entry("big", 9_000_000_000L),
                entry("huge", new BigInteger("123456789012345678901234567890")),
                entry("price", new BigDecimal("19.90")),
                entry("tiny", new BigDecimal("1e-7")),
                entry("name", "Zoë"),
                entry("ok", true),
                entry("none", null),
                entry("tags", List.of("a", 1, List.of(new BigDecimal("2.5")))),
                entry("nested", Map.of("x", Map.of("y", false))),
                entry("at", "2024-05-01T10:00:00Z"));
        // the digits as written, not a double's
        assertThat(((BigDecimal) tree.get("price")).toPlainString()).isEqualTo("19.90");
    }

    @Test
    void testDuplicateKeysLastWins()
            throws DecodeException
    {
        assertThat(decode("{\"a\": 1, \"a\": 2}")).containsExactly(entry("a", 2));
    }

    @Test
    void testEmptyObject()
            throws DecodeException
    {
        assertThat(decode("  {}\n")).isEmpty();
    }

    @Test
    void testNotAnObject()
    {
        assertThatThrownBy(() -> decode("  [1, 2]"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("JSON: expected a JSON object, found ARRAY at offset 2");
        assertThatThrownBy(() -> decode("\"text\""))
                .hasMessage("JSON: expected a JSON object, found STRING at offset 0");
        assertThatThrownBy(() -> decode("null"))
                .hasMessage("JSON: expected a JSON object, found NULL at offset 0");
        assertThatThrownBy(() -> decode(" "))
                .hasMessage("JSON: expected a JSON object, found no content");
    }

    @Test
    void testMalformed()
    {
        assertThatThrownBy(() -> decode("{\"a\": 1,\n \"b\": }"))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("JSON: malformed at line 2, column 7: Unexpected character ('}'");
        assertThatThrownBy(() -> decode("{\"a\": 1"))
                .hasMessageStartingWith("JSON: malformed at line 1, column 8: Unexpected end-of-input");
        assertThatThrownBy(() -> decode("{\"a\": 1} {\"b\": 2}"))
                .hasMessage("JSON: unexpected OBJECT after the object at offset 9");
    }

    @Test
    void testConfluentFramedValue()
    {
        byte[] framed = {0, 0, 0, 0, 1, '{', '}'};
        assertThatThrownBy(() -> decoder.decode(framed))
                .hasMessageStartingWith("JSON: value starts with byte 0x00, as values in Confluent's schema registry framing do");
    }

    @Test
    void testNullValue()
    {
        assertThatThrownBy(() -> decoder.decode(null))
                .hasMessage("JSON: the record has no value (null)");
    }

    private Map<String, Object> decode(String json)
            throws DecodeException
    {
        return decoder.decode(json.getBytes(UTF_8));
    }
}
