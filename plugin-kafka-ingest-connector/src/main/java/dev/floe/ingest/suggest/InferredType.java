package dev.floe.ingest.suggest;

import com.google.common.collect.ImmutableMap;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * The Trino type sample values suggest for a field, and how the types of two samples join: to the narrowest
 * type that holds both, the way the pipeline's coercion reads them ({@code bigint} and {@code double} give
 * {@code double}; a date and a timestamp give the timestamp; anything else that differs gives {@code varchar},
 * which reads every value, objects and arrays as JSON).
 * <p>
 * Numbers are {@code bigint} when integral, else {@code double}: JSON has no decimal type, and a sample of
 * {@code 19.90} cannot tell a money amount from a measurement, so {@code decimal} is never suggested. Strings are
 * timestamps or dates only when they are ISO-8601 ({@code 2024-05-01T10:00:00Z} is a {@code timestamp with time zone},
 * {@code 2024-05-01T10:00:00} a {@code timestamp}, {@code 2024-05-01} a {@code date}; a space instead of the
 * {@code T} is accepted as the pipeline accepts it). A number is an epoch timestamp when the field name says it is
 * a time (see {@link #isTimeName}) and the number, read as epoch seconds or milliseconds, is in the years 2000 to
 * 2099. Timestamps are suggested with precision 6, the only one Iceberg tables take.
 */
final class InferredType
{
    enum Kind
    {
        /** Only nulls were seen. */
        UNKNOWN,
        BOOLEAN,
        BIGINT,
        DOUBLE,
        /** A number that is a plausible epoch time in a field named like a time. */
        EPOCH,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMP_TZ,
        UUID,
        VARBINARY,
        VARCHAR,
        ARRAY,
        ROW,
    }

    static final InferredType UNKNOWN = new InferredType(Kind.UNKNOWN, Optional.empty(), ImmutableMap.of());
    static final InferredType VARCHAR = scalar(Kind.VARCHAR);

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> TIME_WORDS = Set.of("at", "ts", "time", "timestamp", "date", "datetime");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    private static final long YEAR_2000 = 946_684_800L;
    private static final long YEAR_2100 = 4_102_444_800L;

    private final Kind kind;
    private final Optional<InferredType> element;
    private final Map<String, InferredType> fields;

    private InferredType(Kind kind, Optional<InferredType> element, Map<String, InferredType> fields)
    {
        this.kind = requireNonNull(kind, "kind is null");
        this.element = requireNonNull(element, "element is null");
        this.fields = ImmutableMap.copyOf(fields);
    }

    private static InferredType scalar(Kind kind)
    {
        return new InferredType(kind, Optional.empty(), ImmutableMap.of());
    }

    static InferredType array(InferredType element)
    {
        return new InferredType(Kind.ARRAY, Optional.of(element), ImmutableMap.of());
    }

    static InferredType row(Map<String, InferredType> fields)
    {
        return new InferredType(Kind.ROW, Optional.empty(), fields);
    }

    Kind kind()
    {
        return kind;
    }

    /** The fields of a row, in the order they were first seen. */
    Map<String, InferredType> fields()
    {
        return fields;
    }

    /** A row with at least one field: flattening and {@code row(...)} need one. */
    boolean isNonEmptyRow()
    {
        return kind == Kind.ROW && !fields.isEmpty();
    }

    /**
     * @param name the field the value is in (for an array element, the array's field), which decides whether a
     * number may be a time
     */
    static InferredType of(Object value, String name)
    {
        return switch (value) {
            case null -> UNKNOWN;
            case Boolean _ -> scalar(Kind.BOOLEAN);
            case Integer _, Long _, Short _, Byte _ -> number(((Number) value).doubleValue(), name, Kind.BIGINT);
            // beyond bigint: kept as text rather than losing digits in a double
            case BigInteger integer -> integer.bitLength() < Long.SIZE ? number(integer.doubleValue(), name, Kind.BIGINT) : VARCHAR;
            case BigDecimal decimal -> number(decimal.doubleValue(), name, Kind.DOUBLE);
            case Double _, Float _ -> number(((Number) value).doubleValue(), name, Kind.DOUBLE);
            case String text -> text(text);
            case LocalDate _ -> scalar(Kind.DATE);
            case LocalTime _ -> scalar(Kind.TIME);
            case LocalDateTime _ -> scalar(Kind.TIMESTAMP);
            case Instant _, OffsetDateTime _ -> scalar(Kind.TIMESTAMP_TZ);
            case UUID _ -> scalar(Kind.UUID);
            case byte[] _ -> scalar(Kind.VARBINARY);
            case Map<?, ?> map -> {
                Map<String, InferredType> fields = new LinkedHashMap<>();
                map.forEach((key, field) -> fields.put(String.valueOf(key), of(field, String.valueOf(key))));
                yield row(fields);
            }
            case List<?> list -> {
                InferredType element = UNKNOWN;
                for (Object item : list) {
                    element = element.join(of(item, name));
                }
                yield array(element);
            }
            default -> VARCHAR;
        };
    }

    private static InferredType number(double value, String name, Kind kind)
    {
        if (isTimeName(name) && (isEpochRange(value) || isEpochRange(value / 1000))) {
            return scalar(Kind.EPOCH);
        }
        return scalar(kind);
    }

    private static boolean isEpochRange(double seconds)
    {
        return seconds >= YEAR_2000 && seconds < YEAR_2100;
    }

    /**
     * Whether a field's name says it holds a time: its last word is {@code at}, {@code ts}, {@code time},
     * {@code timestamp}, {@code date} or {@code datetime}, words being separated by non-alphanumeric characters
     * or a lower-to-upper case change ({@code created_at}, {@code createdAt}, {@code event-time}, {@code ts},
     * {@code orderDate}), or it ends with {@code timestamp} ({@code eventtimestamp}).
     */
    static boolean isTimeName(String name)
    {
        String[] words = WORD_BOUNDARY.split(name);
        if (words.length == 0) {
            return false;
        }
        String last = words[words.length - 1].toLowerCase(Locale.ROOT);
        return TIME_WORDS.contains(last) || name.toLowerCase(Locale.ROOT).endsWith("timestamp");
    }

    private static InferredType text(String text)
    {
        String value = text.trim();
        if (value.length() == 10 && DATE.matcher(value).matches()) {
            return parses(value, DateTimeFormatter.ISO_LOCAL_DATE) ? scalar(Kind.DATE) : VARCHAR;
        }
        if (value.length() < 16 || !DATE.matcher(value.substring(0, 10)).matches()) {
            return VARCHAR;
        }
        String normalized = value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        if (parses(normalized, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
            return scalar(Kind.TIMESTAMP_TZ);
        }
        if (parses(normalized, DateTimeFormatter.ISO_LOCAL_DATE_TIME)) {
            return scalar(Kind.TIMESTAMP);
        }
        return VARCHAR;
    }

    private static boolean parses(String text, DateTimeFormatter formatter)
    {
        try {
            formatter.parse(text);
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The narrowest type that holds the values of both. */
    InferredType join(InferredType other)
    {
        if (this.equals(other) || other.kind == Kind.UNKNOWN) {
            return this;
        }
        if (kind == Kind.UNKNOWN) {
            return other;
        }
        if (kind == Kind.ARRAY && other.kind == Kind.ARRAY) {
            return array(element.orElseThrow().join(other.element.orElseThrow()));
        }
        if (kind == Kind.ROW && other.kind == Kind.ROW) {
            Map<String, InferredType> joined = new LinkedHashMap<>(fields);
            other.fields.forEach((name, type) -> joined.merge(name, type, InferredType::join));
            return row(joined);
        }
        Set<Kind> both = Set.of(kind, other.kind);
        if (both.equals(Set.of(Kind.BIGINT, Kind.DOUBLE)) || both.equals(Set.of(Kind.EPOCH, Kind.DOUBLE))) {
            return scalar(Kind.DOUBLE);
        }
        // some values of the field are not plausible times: it is a number
        if (both.equals(Set.of(Kind.EPOCH, Kind.BIGINT))) {
            return scalar(Kind.BIGINT);
        }
        if (both.equals(Set.of(Kind.DATE, Kind.TIMESTAMP))) {
            return scalar(Kind.TIMESTAMP);
        }
        // the pipeline reads dates, local date-times (as UTC) and epoch numbers into a timestamp with time zone
        if (Set.of(Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMP_TZ, Kind.EPOCH).containsAll(both)) {
            return scalar(Kind.TIMESTAMP_TZ);
        }
        return VARCHAR;
    }

    /** The type in Trino's SQL, as CREATE TABLE takes it; row field names are quoted. */
    String sql()
    {
        return switch (kind) {
            case UNKNOWN, VARCHAR -> "varchar";
            case BOOLEAN -> "boolean";
            case BIGINT -> "bigint";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> "timestamp(6)";
            case EPOCH, TIMESTAMP_TZ -> "timestamp(6) with time zone";
            case UUID -> "uuid";
            case VARBINARY -> "varbinary";
            case ARRAY -> "array(" + element.orElseThrow().sql() + ")";
            // Trino has no row without fields: such objects are kept as JSON text
            case ROW -> fields.isEmpty() ? "varchar" : rowSql();
        };
    }

    private String rowSql()
    {
        Set<String> names = new HashSet<>();
        return fields.entrySet().stream()
                .map(field -> Identifiers.quote(Identifiers.unique(field.getKey().toLowerCase(Locale.ROOT), names)) + " " + field.getValue().sql())
                .collect(joining(", ", "row(", ")"));
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InferredType that)) {
            return false;
        }
        return kind == that.kind && element.equals(that.element) && fields.equals(that.fields);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(kind, element, fields);
    }

    @Override
    public String toString()
    {
        return sql();
    }
}
