package dev.floe.ingest.pipeline;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** A table as Trino names it: {@code catalog.schema.table}, lower case as Trino stores unquoted names. */
public record TableName(String catalog, String schema, String table)
{
    public TableName
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    /** Parses {@code catalog.schema.table}, or {@code schema.table} in the default catalog. */
    public static TableName parse(String what, String text, String defaultCatalog)
    {
        List<String> parts = List.of(text.trim().toLowerCase(Locale.ROOT).split("\\.", -1));
        if (parts.stream().anyMatch(String::isEmpty) || parts.size() < 2 || parts.size() > 3) {
            throw new IllegalArgumentException("%s: '%s' is not a table name of the form catalog.schema.table".formatted(what, text));
        }
        return parts.size() == 2
                ? new TableName(defaultCatalog, parts.get(0), parts.get(1))
                : new TableName(parts.get(0), parts.get(1), parts.get(2));
    }

    @Override
    public String toString()
    {
        return catalog + "." + schema + "." + table;
    }
}
