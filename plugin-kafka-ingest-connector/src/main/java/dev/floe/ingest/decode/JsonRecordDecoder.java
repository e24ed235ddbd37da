package dev.floe.ingest.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/**
 * Decodes values that are one JSON object each. Integers become {@code Integer}, {@code Long} or
 * {@code BigInteger}, whichever holds them; other numbers {@code BigDecimal}, so that {@code 19.90} keeps its digits.
 * Of duplicate keys the last wins. JSON has no types for times, so they stay strings for the mapping to parse.
 */
public final class JsonRecordDecoder
        implements RecordDecoder
{
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    // resolved once: looking the map type up for every record cost a twentieth of a pipeline's time
    private final ObjectReader reader = mapper.readerFor(OBJECT);

    @Override
    public Map<String, Object> decode(byte[] value)
            throws DecodeException
    {
        if (value == null) {
            throw new DecodeException("JSON: the record has no value (null)");
        }
        if (value.length >= ConfluentFraming.HEADER_SIZE && value[0] == 0) {
            // a common mistake, worth a clearer message than "illegal character"
            throw new DecodeException("JSON: value starts with byte 0x00, as values in Confluent's schema registry framing do (magic byte and schema id), which the json format does not read");
        }
        try (JsonParser parser = mapper.createParser(value)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new DecodeException("JSON: expected a JSON object, found %s".formatted(token == null ? "no content" : "%s at offset %s".formatted(kind(token), offset(parser.currentTokenLocation()))));
            }
            Map<String, Object> object = reader.readValue(parser);
            token = parser.nextToken();
            if (token != null) {
                throw new DecodeException("JSON: unexpected %s after the object at offset %s".formatted(kind(token), offset(parser.currentTokenLocation())));
            }
            return object;
        }
        catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? "" : " at line %s, column %s".formatted(location.getLineNr(), location.getColumnNr());
            throw new DecodeException("JSON: malformed%s: %s".formatted(where, e.getOriginalMessage()), e);
        }
        catch (IOException e) {
            throw new DecodeException("JSON: cannot read the value: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonToken token)
    {
        return switch (token) {
            case START_OBJECT, END_OBJECT -> "OBJECT";
            case START_ARRAY, END_ARRAY -> "ARRAY";
            case VALUE_STRING, FIELD_NAME -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "NULL";
            case VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE -> token.name();
        };
    }

    private static long offset(JsonLocation location)
    {
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }
}
