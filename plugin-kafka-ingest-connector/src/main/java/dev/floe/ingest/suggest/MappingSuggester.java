package dev.floe.ingest.suggest;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Proposes the columns of a table for decoded sample records: one per top-level field, in the order fields were
 * first seen, typed by {@link InferredType} over all samples. Nested objects become {@code row(...)} columns, or,
 * when flattening, one column per leaf named {@code parent_child} that reads the path {@code $.parent.child};
 * objects inside arrays stay rows of the array either way.
 */
final class MappingSuggester
{
    // path steps that ValuePath reads after a '.'; others are written as ['name']
    private static final Pattern PLAIN_STEP = Pattern.compile("[A-Za-z0-9_\\-$@]+");

    private final boolean flatten;
    private final Map<String, InferredType> types = new LinkedHashMap<>();
    // records with a non-null value, by path of field names (outside arrays)
    private final Map<List<String>, Long> present = new HashMap<>();
    private long records;

    MappingSuggester(boolean flatten)
    {
        this.flatten = flatten;
    }

    void add(Map<String, Object> record)
    {
        records++;
        record.forEach((field, value) -> {
            types.merge(field, InferredType.of(value, field), InferredType::join);
            count(List.of(field), value);
        });
    }

    private void count(List<String> path, Object value)
    {
        if (value == null) {
            return;
        }
        present.merge(path, 1L, Long::sum);
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, field) -> count(ImmutableList.<String>builder().addAll(path).add(String.valueOf(key)).build(), field));
        }
    }

    long records()
    {
        return records;
    }

    List<SuggestedColumn> columns()
    {
        List<SuggestedColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        types.forEach((field, type) -> {
            if (flatten && type.isNonEmptyRow()) {
                flattened(List.of(field), type, names, columns);
            }
            else {
                columns.add(column(Identifiers.unique(Identifiers.columnName(field), names), type, List.of(field), topLevelPath(field)));
            }
        });
        return columns;
    }

    private void flattened(List<String> path, InferredType row, Set<String> names, List<SuggestedColumn> columns)
    {
        row.fields().forEach((field, type) -> {
            List<String> child = ImmutableList.<String>builder().addAll(path).add(field).build();
            if (type.isNonEmptyRow()) {
                flattened(child, type, names, columns);
            }
            else {
                String name = String.join("_", child.stream().map(Identifiers::columnName).toList());
                columns.add(column(Identifiers.unique(name, names), type, child, jsonPath(child)));
            }
        });
    }

    private SuggestedColumn column(String name, InferredType type, List<String> fieldPath, String path)
    {
        double coverage = records == 0 ? 0 : (double) present.getOrDefault(fieldPath, 0L) / records;
        return new SuggestedColumn(name, type.sql(), path, coverage < 1, coverage);
    }

    private static String topLevelPath(String field)
    {
        // a name starting with $ would be read as a path
        return field.startsWith("$") || field.isEmpty() ? jsonPath(List.of(field)) : field;
    }

    private static String jsonPath(List<String> fields)
    {
        StringBuilder path = new StringBuilder("$");
        for (String field : fields) {
            if (PLAIN_STEP.matcher(field).matches()) {
                path.append('.').append(field);
            }
            else {
                char quote = field.contains("'") ? '"' : '\'';
                path.append('[').append(quote).append(field).append(quote).append(']');
            }
        }
        return path.toString();
    }
}
