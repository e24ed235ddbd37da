package dev.floe.access.policy;

import dev.floe.access.evaluation.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A row filter or mask in SQL, with Starburst Galaxy's placeholders, substituted per user as SQL literals:
 * {@code $USER_NAME}, {@code $USER_ATTRIBUTE('a')} (one value) and {@code $USER_ATTRIBUTE_LIST('a')} (all values,
 * as {@code ('v1', 'v2')} for {@code IN}); masks also use {@code @column} for the masked column. Placeholders
 * inside string literals, quoted identifiers and comments are left alone. Values become string literals with
 * quotes doubled, so an attribute value can never change the structure of the SQL.
 */
public final class SqlTemplate
{
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$USER_NAME\\b|\\$USER_ATTRIBUTE(_LIST)?\\(\\s*'([^']+)'\\s*\\)|@column\\b");

    private sealed interface Part
            permits Text, UserName, Attribute, Column {}

    private record Text(String text)
            implements Part {}

    // placeholders keep their source text, so that the sample SQL keeps every character's position
    private record UserName(String source)
            implements Part {}

    private record Attribute(String name, boolean list, String source)
            implements Part {}

    private record Column(String source)
            implements Part {}

    private final String text;
    private final List<Part> parts;

    private SqlTemplate(String text, List<Part> parts)
    {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    public static SqlTemplate parse(String text)
    {
        requireNonNull(text, "text is null");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || text.startsWith("--", i) || text.startsWith("/*", i)) {
                // a comment like "-- the user's region" must not open a string literal that hides what follows
                int end = c == '-' ? lineEnd(text, i) : c == '/' ? commentEnd(text, i) : closingQuote(text, i);
                literal.append(text, i, end);
                i = end;
                continue;
            }
            if (c == '$' || c == '@') {
                Matcher matcher = PLACEHOLDER.matcher(text).region(i, text.length());
                if (matcher.lookingAt()) {
                    if (!literal.isEmpty()) {
                        parts.add(new Text(literal.toString()));
                        literal.setLength(0);
                    }
                    String match = matcher.group();
                    if (match.startsWith("$USER_NAME")) {
                        parts.add(new UserName(match));
                    }
                    else if (match.startsWith("@")) {
                        parts.add(new Column(match));
                    }
                    else {
                        parts.add(new Attribute(matcher.group(2), matcher.group(1) != null, match));
                    }
                    i = matcher.end();
                    continue;
                }
                if (c == '$' && text.startsWith("$USER", i)) {
                    throw new IllegalArgumentException("unknown placeholder at '%s'; use $USER_NAME, $USER_ATTRIBUTE('name') or $USER_ATTRIBUTE_LIST('name')"
                            .formatted(text.substring(i, Math.min(text.length(), i + 30))));
                }
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
        }
        return new SqlTemplate(text, parts);
    }

    private static int closingQuote(String text, int start)
    {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int lineEnd(String text, int start)
    {
        int end = text.indexOf('\n', start);
        return end < 0 ? text.length() : end;
    }

    private static int commentEnd(String text, int start)
    {
        int end = text.indexOf("*/", start + 2);
        return end < 0 ? text.length() : end + 2;
    }

    public boolean usesColumn()
    {
        return parts.stream().anyMatch(Column.class::isInstance);
    }

    public List<String> attributes()
    {
        return parts.stream()
                .filter(Attribute.class::isInstance)
                .map(part -> ((Attribute) part).name())
                .distinct()
                .toList();
    }

    /**
     * The SQL with sample values in place of the placeholders, for syntax validation at load. Each sample has the
     * length and line breaks of the placeholder it replaces, so a parser's line:column is one in the text as
     * written.
     */
    public String sample()
    {
        StringBuilder sql = new StringBuilder(text.length());
        for (Part part : parts) {
            switch (part) {
                case Text(String value) -> sql.append(value);
                case UserName(String source) -> sql.append(sample(source, "'", "'"));
                case Column(String source) -> sql.append(sample(source, "\"", "\""));
                case Attribute(_, boolean list, String source) -> sql.append(list ? sample(source, "('", "')") : sample(source, "'", "'"));
            }
        }
        return sql.toString();
    }

    private static String sample(String source, String open, String close)
    {
        StringBuilder inner = new StringBuilder();
        for (char c : source.substring(open.length(), source.length() - close.length()).toCharArray()) {
            inner.append(c == '\n' || c == '\r' ? c : 'x');
        }
        return open + inner + close;
    }

    /**
     * @return the SQL for this user and column, or empty when the template needs an attribute the user lacks
     * (or a single value of an attribute that has several), so callers fail closed
     */
    public Optional<String> render(Subject subject, String column)
    {
        StringBuilder sql = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            switch (part) {
                case Text(String value) -> sql.append(value);
                case UserName _ -> sql.append(SqlLiterals.string(subject.user()));
                case Column _ -> sql.append(SqlLiterals.identifier(column));
                case Attribute(String name, boolean list, _) -> {
                    AttributeValue attribute = subject.attributes().get(name);
                    List<String> values = attribute == null ? List.of() : attribute.values();
                    if (values.isEmpty()) {
                        return Optional.empty();
                    }
                    if (list) {
                        sql.append(SqlLiterals.list(values));
                    }
                    else if (values.size() == 1) {
                        sql.append(SqlLiterals.string(values.getFirst()));
                    }
                    else {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(sql.toString());
    }

    public String text()
    {
        return text;
    }

    @Override
    public String toString()
    {
        return text;
    }
}
