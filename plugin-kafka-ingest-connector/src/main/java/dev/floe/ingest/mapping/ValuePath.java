package dev.floe.ingest.mapping;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a column's value is in a decoded record: a top-level field name, or a JSON path such as
 * {@code $.customer.address['zip code']} or {@code $.items[0].sku} (names and list indexes only, no wildcards).
 */
public final class ValuePath
{
    private final String text;
    private final List<Object> steps;

    private ValuePath(String text, List<Object> steps)
    {
        this.text = requireNonNull(text, "text is null");
        this.steps = ImmutableList.copyOf(steps);
    }

    public static ValuePath field(String name)
    {
        return new ValuePath(name, List.of(name));
    }

    /** A field name, or a path when it starts with {@code $}. */
    public static ValuePath parse(String text)
    {
        if (!text.startsWith("$")) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty field name");
            }
            return field(text);
        }
        ImmutableList.Builder<Object> steps = ImmutableList.builder();
        int position = 1;
        while (position < text.length()) {
            char next = text.charAt(position);
            if (next == '.') {
                int end = position + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == position + 1) {
                    throw new IllegalArgumentException("path %s: empty name at position %s".formatted(text, position + 1));
                }
                steps.add(text.substring(position + 1, end));
                position = end;
            }
            else if (next == '[') {
                int end = text.indexOf(']', position);
                if (end < 0) {
                    throw new IllegalArgumentException("path %s: '[' at position %s is not closed".formatted(text, position));
                }
                String inside = text.substring(position + 1, end).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                }
                else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    }
                    catch (NumberFormatException e) {
                        throw new IllegalArgumentException("path %s: [%s] is neither a list index nor a quoted name".formatted(text, inside));
                    }
                }
                position = end + 1;
            }
            else {
                throw new IllegalArgumentException("path %s: expected '.' or '[' at position %s".formatted(text, position));
            }
        }
        List<Object> parsed = steps.build();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("path %s selects the whole record, not a field".formatted(text));
        }
        return new ValuePath(text, parsed);
    }

    /** The top-level field the path starts with, when it starts with one. */
    public Optional<String> topLevelField()
    {
        return steps.getFirst() instanceof String name ? Optional.of(name) : Optional.empty();
    }

    /** The value at the path, or empty when some step is missing. */
    public Optional<Object> read(Map<String, Object> record)
    {
        Object current = record;
        for (Object step : steps) {
            if (step instanceof String name && current instanceof Map<?, ?> map) {
                current = map.get(name);
            }
            else if (step instanceof Integer index && current instanceof List<?> list) {
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            }
            else {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    @Override
    public String toString()
    {
        return text;
    }
}
