package dev.floe.ingest.suggest;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Names of suggested columns, and quoting for the SQL they appear in. */
final class Identifiers
{
    private static final Pattern NON_IDENTIFIER = Pattern.compile("[^a-z0-9_]");

    private Identifiers() {}

    /** Lower case, with each character other than a letter, digit or {@code _} replaced by {@code _}. */
    static String columnName(String field)
    {
        String name = NON_IDENTIFIER.matcher(field.toLowerCase(Locale.ROOT)).replaceAll("_");
        return name.isEmpty() ? "column" : name;
    }

    /** The name, or with {@code _2}, {@code _3}… appended when taken; records it as taken. */
    static String unique(String name, Set<String> taken)
    {
        String candidate = name;
        for (int suffix = 2; !taken.add(candidate); suffix++) {
            candidate = name + "_" + suffix;
        }
        return candidate;
    }

    /** A delimited identifier: every name is quoted, so that reserved words and any character work. */
    static String quote(String name)
    {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
