package dev.floe.ingest.mapping;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.floe.ingest.mapping.MappingException.Kind.COERCION;
import static dev.floe.ingest.mapping.MappingException.Kind.QUALITY;
import static java.util.Objects.requireNonNull;

/**
 * Turns decoded records into rows of one version of the target table's schema. Columns named in the mapping read
 * their path; the others read the top-level field of the same name (case-insensitively), so that a column added
 * to the table is filled from the next batch on. Fields no column reads are reported, so that users can add
 * columns for them.
 */
public final class RecordMapper
{
    private final Schema schema;
    private final List<ColumnReader> readers;
    // the fields columns read, as the columns spell them and in lower case: most records spell them the same way
    private final Set<String> consumedFields;
    private final Set<String> consumedLowerCaseFields;
    private final ValueCoercer coercer;
    // copied for every row: GenericRecord.create looks the schema up in a cache each time
    private final GenericRecord template;

    private record ColumnReader(int position, Types.NestedField column, ValuePath path, Optional<ColumnRule> rule) {}

    /**
     * @param columns column → field or path, for the columns that do not take the field of their name
     * @throws IllegalArgumentException when the mapping or the rules name a column the table lacks, or a path is invalid
     */
    public RecordMapper(Schema schema, Map<String, String> columns, Map<String, ColumnRule> rules, ValueCoercer coercer)
    {
        this.schema = requireNonNull(schema, "schema is null");
        this.coercer = requireNonNull(coercer, "coercer is null");
        Map<String, String> mapping = lowerKeys(columns);
        Map<String, ColumnRule> lowerRules = lowerKeys(rules);
        for (String column : mapping.keySet()) {
            if (schema.caseInsensitiveFindField(column) == null) {
                throw new IllegalArgumentException("option columns: the table has no column %s (columns: %s)".formatted(column, columnNames(schema)));
            }
        }
        for (String column : lowerRules.keySet()) {
            if (schema.caseInsensitiveFindField(column) == null) {
                throw new IllegalArgumentException("option rules: the table has no column %s (columns: %s)".formatted(column, columnNames(schema)));
            }
        }
        ImmutableList.Builder<ColumnReader> readers = ImmutableList.builder();
        ImmutableSet.Builder<String> consumed = ImmutableSet.builder();
        ImmutableSet.Builder<String> consumedLowerCase = ImmutableSet.builder();
        List<Types.NestedField> fields = schema.columns();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField column = fields.get(i);
            String key = column.name().toLowerCase(Locale.ROOT);
            ValuePath path;
            try {
                path = Optional.ofNullable(mapping.get(key)).map(ValuePath::parse).orElseGet(() -> ValuePath.field(column.name()));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option columns.%s: %s".formatted(column.name(), e.getMessage()), e);
            }
            path.topLevelField().ifPresent(field -> {
                consumed.add(field);
                consumedLowerCase.add(field.toLowerCase(Locale.ROOT));
            });
            readers.add(new ColumnReader(i, column, path, Optional.ofNullable(lowerRules.get(key))));
        }
        this.readers = readers.build();
        this.consumedFields = consumed.build();
        this.consumedLowerCaseFields = consumedLowerCase.build();
        this.template = GenericRecord.create(schema);
    }

    public Schema schema()
    {
        return schema;
    }

    /**
     * @param unknownField told of each top-level field of the record that no column reads
     */
    public GenericRecord map(Map<String, Object> record, Consumer<String> unknownField)
            throws MappingException
    {
        GenericRecord row = template.copy();
        for (ColumnReader reader : readers) {
            Object raw = read(record, reader.path());
            Object value = coercer.coerce(raw, reader.column().type(), reader.column().name());
            if (value == null && reader.column().isRequired()) {
                throw new MappingException(COERCION, "column %s is NOT NULL but the record has no value at %s".formatted(reader.column().name(), reader.path()));
            }
            if (reader.rule().isPresent()) {
                check(reader.column().name(), value, reader.rule().get());
            }
            row.set(reader.position(), value);
        }
        for (String field : record.keySet()) {
            if (!consumedFields.contains(field) && !consumedLowerCaseFields.contains(field.toLowerCase(Locale.ROOT))) {
                unknownField.accept(field);
            }
        }
        return row;
    }

    private static Object read(Map<String, Object> record, ValuePath path)
    {
        Optional<Object> exact = path.read(record);
        if (exact.isPresent() || path.toString().startsWith("$")) {
            return exact.orElse(null);
        }
        // a field whose name differs from the column only in case
        String name = path.toString();
        for (Map.Entry<String, Object> entry : record.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void check(String column, Object value, ColumnRule rule)
            throws MappingException
    {
        if (value == null) {
            if (rule.notNull()) {
                throw new MappingException(QUALITY, "column %s: rule not_null: the record has no value".formatted(column));
            }
            return;
        }
        if (rule.min().isPresent() || rule.max().isPresent()) {
            if (!(value instanceof Number number)) {
                throw new MappingException(QUALITY, "column %s: rule min/max applies to numbers, found %s".formatted(column, value));
            }
            double real = number.doubleValue();
            if (!(number instanceof BigDecimal) && !Double.isFinite(real)) {
                // a real column's NaN and infinities have no decimal value; the infinities compare as the extremes
                if (Double.isNaN(real)) {
                    throw new MappingException(QUALITY, "column %s: rule min/max: NaN is not a number to compare".formatted(column));
                }
                if (real < 0 && rule.min().isPresent()) {
                    throw new MappingException(QUALITY, "column %s: rule min: %s is less than %s".formatted(column, number, rule.min().get()));
                }
                if (real > 0 && rule.max().isPresent()) {
                    throw new MappingException(QUALITY, "column %s: rule max: %s is greater than %s".formatted(column, number, rule.max().get()));
                }
            }
            else {
                BigDecimal decimal = number instanceof BigDecimal exact ? exact : new BigDecimal(number.toString());
                if (rule.min().isPresent() && decimal.compareTo(rule.min().get()) < 0) {
                    throw new MappingException(QUALITY, "column %s: rule min: %s is less than %s".formatted(column, decimal, rule.min().get()));
                }
                if (rule.max().isPresent() && decimal.compareTo(rule.max().get()) > 0) {
                    throw new MappingException(QUALITY, "column %s: rule max: %s is greater than %s".formatted(column, decimal, rule.max().get()));
                }
            }
        }
        if (rule.pattern().isPresent() && !rule.pattern().get().matcher(value.toString()).matches()) {
            throw new MappingException(QUALITY, "column %s: rule pattern: '%s' does not match %s".formatted(column, value, rule.pattern().get()));
        }
    }

    private static <V> Map<String, V> lowerKeys(Map<String, V> map)
    {
        ImmutableMap.Builder<String, V> lower = ImmutableMap.builder();
        map.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT), value));
        return lower.buildOrThrow();
    }

    private static String columnNames(Schema schema)
    {
        return String.join(", ", schema.columns().stream().map(Types.NestedField::name).toList());
    }
}
