package dev.floe.ingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.floe.ingest.mapping.ColumnRule;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Everything about a pipeline that {@code create_pipeline} takes as its OPTIONS JSON object. Every key is optional;
 * an unknown key or a value of the wrong kind is an error naming the option.
 *
 * @param columns column name → field name or JSON path ({@code $.a.b[0]}) of the value; columns not named here take
 * the top-level field of the same name
 * @param parallelism threads that decode and write, each for some of the partitions; by default the node's cores
 */
public record PipelineOptions(
        Optional<String> bootstrapServers,
        boolean topicPattern,
        Map<String, String> columns,
        Optional<Duration> commitInterval,
        int maxBatchRecords,
        DataSize maxBatchSize,
        int maxRecordBytes,
        StartPosition start,
        Map<String, String> consumer,
        Optional<String> deadLetterTable,
        OnError onError,
        Map<String, ColumnRule> rules,
        Map<String, Object> schema,
        TimestampUnit timestampUnit,
        Optional<Integer> parallelism)
{
    /** How numbers are read as timestamps; {@code AUTO} tells seconds, milliseconds and microseconds apart by magnitude. */
    public enum TimestampUnit
    {
        AUTO, SECONDS, MILLIS, MICROS
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KEYS = ImmutableSortedSet.of(
            "bootstrap_servers", "topic_pattern", "columns", "commit_interval", "max_batch_records", "max_batch_size", "max_record_bytes",
            "start", "consumer", "dead_letter_table", "on_error", "rules", "schema", "timestamp_unit", "parallelism");
    private static final Set<String> RULE_KEYS = ImmutableSortedSet.of("not_null", "min", "max", "pattern");

    public PipelineOptions
    {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        columns = ImmutableMap.copyOf(columns);
        requireNonNull(commitInterval, "commitInterval is null");
        requireNonNull(maxBatchSize, "maxBatchSize is null");
        requireNonNull(start, "start is null");
        consumer = ImmutableMap.copyOf(consumer);
        requireNonNull(deadLetterTable, "deadLetterTable is null");
        requireNonNull(onError, "onError is null");
        rules = ImmutableMap.copyOf(rules);
        // parsed JSON: nested maps and lists, and null values
        schema = Collections.unmodifiableMap(new LinkedHashMap<>(schema));
        requireNonNull(timestampUnit, "timestampUnit is null");
        requireNonNull(parallelism, "parallelism is null");
    }

    /** Parses the OPTIONS argument; null or blank means all defaults. */
    public static PipelineOptions parse(String json)
    {
        JsonNode root;
        try {
            root = json == null || json.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("OPTIONS is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode options)) {
            throw new IllegalArgumentException("OPTIONS must be a JSON object, found " + root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("OPTIONS: unknown option '%s' (known: %s)".formatted(name, String.join(", ", KEYS)));
            }
        }
        return new PipelineOptions(
                text(options, "bootstrap_servers"),
                bool(options, "topic_pattern", false),
                stringMap(options, "columns", column -> column.toLowerCase(Locale.ROOT)),
                text(options, "commit_interval").map(value -> parse("commit_interval", value, Duration::valueOf)).map(interval -> check("commit_interval", interval, interval.toMillis() >= 100, "at least 100ms")),
                (int) number(options, "max_batch_records", 500_000, 1, Integer.MAX_VALUE),
                text(options, "max_batch_size").map(value -> parse("max_batch_size", value, DataSize::valueOf)).orElse(DataSize.of(128, DataSize.Unit.MEGABYTE)),
                (int) number(options, "max_record_bytes", 1 << 20, 1, Integer.MAX_VALUE),
                text(options, "start").map(StartPosition::parse).orElse(StartPosition.EARLIEST),
                stringMap(options, "consumer", Function.identity()),
                text(options, "dead_letter_table"),
                text(options, "on_error").map(value -> parse("on_error", value, text -> OnError.valueOf(text.toUpperCase(Locale.ROOT)))).orElse(OnError.DEAD_LETTER),
                rules(options),
                schema(options),
                text(options, "timestamp_unit").map(value -> parse("timestamp_unit", value, text -> TimestampUnit.valueOf(text.toUpperCase(Locale.ROOT)))).orElse(TimestampUnit.AUTO),
                options.hasNonNull("parallelism") ? Optional.of((int) number(options, "parallelism", 1, 1, 256)) : Optional.empty());
    }

    private static Optional<String> text(JsonNode options, String name)
    {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("option %s: expected a string, found %s".formatted(name, value));
        }
        return Optional.of(value.textValue());
    }

    private static boolean bool(JsonNode options, String name, boolean defaultValue)
    {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("option %s: expected true or false, found %s".formatted(name, value));
        }
        return value.booleanValue();
    }

    private static long number(JsonNode options, String name, long defaultValue, long min, long max)
    {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            throw new IllegalArgumentException("option %s: expected an integer from %s to %s, found %s".formatted(name, min, max, value));
        }
        return value.asLong();
    }

    private static Map<String, String> stringMap(JsonNode options, String name, Function<String, String> keys)
    {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return ImmutableMap.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("option %s: expected a JSON object of strings, found %s".formatted(name, value));
        }
        ImmutableMap.Builder<String, String> result = ImmutableMap.builder();
        value.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("option %s.%s: expected a string, found %s".formatted(name, entry.getKey(), entry.getValue()));
            }
            result.put(keys.apply(entry.getKey()), entry.getValue().textValue());
        });
        return result.buildOrThrow();
    }

    private static Map<String, ColumnRule> rules(JsonNode options)
    {
        JsonNode value = options.get("rules");
        if (value == null || value.isNull()) {
            return ImmutableMap.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("option rules: expected an object of column → rule, found " + value);
        }
        ImmutableMap.Builder<String, ColumnRule> rules = ImmutableMap.builder();
        value.properties().forEach(entry -> {
            String where = "option rules." + entry.getKey();
            JsonNode rule = entry.getValue();
            if (!rule.isObject()) {
                throw new IllegalArgumentException("%s: expected an object with %s, found %s".formatted(where, String.join(", ", RULE_KEYS), rule));
            }
            rule.fieldNames().forEachRemaining(key -> {
                if (!RULE_KEYS.contains(key)) {
                    throw new IllegalArgumentException("%s: unknown rule '%s' (known: %s)".formatted(where, key, String.join(", ", RULE_KEYS)));
                }
            });
            JsonNode notNull = rule.get("not_null");
            if (notNull != null && !notNull.isBoolean()) {
                throw new IllegalArgumentException("%s.not_null: expected true or false, found %s".formatted(where, notNull));
            }
            try {
                rules.put(entry.getKey().toLowerCase(Locale.ROOT), new ColumnRule(
                        notNull != null && notNull.booleanValue(),
                        decimal(where + ".min", rule.get("min")),
                        decimal(where + ".max", rule.get("max")),
                        Optional.ofNullable(rule.get("pattern")).map(pattern -> pattern(where + ".pattern", pattern))));
            }
            catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith(where)) {
                    throw e;
                }
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        });
        return rules.buildOrThrow();
    }

    private static Optional<BigDecimal> decimal(String where, JsonNode value)
    {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("%s: expected a number, found %s".formatted(where, value));
        }
        return Optional.of(value.decimalValue());
    }

    private static Pattern pattern(String where, JsonNode value)
    {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("%s: expected a regular expression string, found %s".formatted(where, value));
        }
        try {
            return Pattern.compile(value.textValue());
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("%s: invalid regular expression: %s".formatted(where, e.getDescription()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(JsonNode options)
    {
        JsonNode value = options.get("schema");
        if (value == null || value.isNull()) {
            return ImmutableMap.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("option schema: expected a JSON object (inline, file, registry_url, framing, message), found " + value);
        }
        return MAPPER.convertValue(value, Map.class);
    }

    private static <T> T parse(String name, String text, Function<String, T> parser)
    {
        try {
            return parser.apply(text);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option %s: invalid value '%s'".formatted(name, text), e);
        }
    }

    private static <T> T check(String name, T value, boolean valid, String expected)
    {
        if (!valid) {
            throw new IllegalArgumentException("option %s: %s must be %s".formatted(name, value, expected));
        }
        return value;
    }
}
