package dev.floe.access.policy;

import java.util.List;

/**
 * SQL literals and identifiers built from untrusted values: quotes are doubled, which in Trino's SQL (no
 * backslash escapes) is all a string literal or a delimited identifier needs.
 */
public final class SqlLiterals
{
    private SqlLiterals() {}

    public static String string(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    public static String identifier(String name)
    {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String list(List<String> values)
    {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(string(values.get(i)));
        }
        return sql.append(')').toString();
    }
}
