package dev.floe.cache.freshness;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** A table as Trino names it, {@code catalog.schema.table}, in Trino's lower-case form. */
public record QualifiedTable(String catalog, String schema, String table)
{
    public QualifiedTable
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    public static QualifiedTable parse(String name)
    {
        List<String> parts = List.of(name.split("\\.", 3));
        if (parts.size() != 3) {
            throw new IllegalArgumentException("Not a catalog.schema.table name: " + name);
        }
        return new QualifiedTable(parts.get(0), parts.get(1), parts.get(2));
    }

    public static QualifiedTable of(String catalog, String schema, String table)
    {
        return new QualifiedTable(catalog.toLowerCase(Locale.ROOT), schema.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
    }

    /** SQL text naming the table, every part quoted. */
    public String sql()
    {
        return quote(catalog) + "." + quote(schema) + "." + quote(table);
    }

    public static String quote(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString()
    {
        return catalog + "." + schema + "." + table;
    }
}
