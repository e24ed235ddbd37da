package dev.floe.history.table;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A row as one line of JSON, {@code {"t":"queries","v":{"query_id":"…","create_time":1700000000000000,…}}}:
 * columns by name (so a spool written by an older version still decodes), times as epoch microseconds, nulls left out.
 */
public final class RowCodec
{
    private final JsonFactory json = new JsonFactory();

    /** Writes the row and a newline. */
    public void write(Row row, OutputStream out)
            throws IOException
    {
        requireNonNull(row, "row is null");
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            generator.writeStartObject();
            generator.writeStringField("t", row.table().name());
            generator.writeObjectFieldStart("v");
            HistoryTable table = row.table();
            for (int i = 0; i < table.columnCount(); i++) {
                Object value = row.get(i);
                if (value != null) {
                    generator.writeFieldName(table.column(i).name());
                    writeValue(generator, value);
                }
            }
            generator.writeEndObject();
            generator.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * The row of one line, or empty for a table this version does not know. A line that is not a valid row (for
     * example one cut short by a crash) is an {@link IllegalArgumentException}.
     */
    public Optional<Row> read(String line)
    {
        try (JsonParser parser = json.createParser(line)) {
            expect(parser, JsonToken.START_OBJECT);
            Optional<HistoryTable> table = Optional.empty();
            Row.Builder builder = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("t")) {
                    table = HistoryTables.byName(parser.getValueAsString());
                    if (table.isEmpty()) {
                        return Optional.empty();
                    }
                    builder = Row.builder(table.get());
                }
                else if (field.equals("v") && builder != null) {
                    readValues(parser, table.get(), builder);
                }
                else {
                    throw new IllegalArgumentException("Unexpected field " + field);
                }
            }
            if (builder == null) {
                throw new IllegalArgumentException("No table");
            }
            Row row = builder.build();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("Trailing content");
            }
            return Optional.of(row);
        }
        catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("Not a history row: " + e.getMessage(), e);
        }
    }

    private static void readValues(JsonParser parser, HistoryTable table, Row.Builder builder)
            throws IOException
    {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("Values are not an object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            parser.nextToken();
            NestedField field = table.schema().findField(column);
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            builder.set(column, readValue(parser, field));
        }
    }

    private static Object readValue(JsonParser parser, NestedField field)
            throws IOException
    {
        return switch (field.type().typeId()) {
            case STRING -> parser.getValueAsString();
            case LONG -> parser.getLongValue();
            case DOUBLE -> parser.getDoubleValue();
            case BOOLEAN -> parser.getBooleanValue();
            case TIMESTAMP -> instantOfMicros(parser.getLongValue());
            case LIST -> {
                expect(parser.currentToken(), JsonToken.START_ARRAY);
                List<String> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(parser.getValueAsString());
                }
                yield list;
            }
            case MAP -> {
                expect(parser.currentToken(), JsonToken.START_OBJECT);
                Map<String, String> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, parser.getValueAsString());
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("History tables do not use " + field.type());
        };
    }

    private static void writeValue(JsonGenerator generator, Object value)
            throws IOException
    {
        switch (value) {
            case String string -> generator.writeString(string);
            case Long number -> generator.writeNumber(number);
            case Double number -> generator.writeNumber(number);
            case Boolean bool -> generator.writeBoolean(bool);
            case Instant instant -> generator.writeNumber(micros(instant));
            case List<?> list -> {
                generator.writeStartArray();
                for (Object element : list) {
                    generator.writeString((String) element);
                }
                generator.writeEndArray();
            }
            case Map<?, ?> map -> {
                generator.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    generator.writeStringField((String) entry.getKey(), (String) entry.getValue());
                }
                generator.writeEndObject();
            }
            default -> throw new UncheckedIOException(new IOException("Cannot encode " + value.getClass()));
        }
    }

    public static long micros(Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant instantOfMicros(long micros)
    {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static void expect(JsonParser parser, JsonToken token)
            throws IOException
    {
        expect(parser.nextToken(), token);
    }

    private static void expect(JsonToken actual, JsonToken expected)
    {
        if (actual != expected) {
            throw new IllegalArgumentException("Expected %s, found %s".formatted(expected, actual));
        }
    }
}
