package dev.floe.ingest.suggest;

import dev.floe.ingest.pipeline.TableName;

import java.util.List;

import static java.util.stream.Collectors.joining;

/**
 * The {@code CREATE TABLE} of suggested columns, for the target catalog's Iceberg connector. Every column is left
 * nullable, whatever the samples showed: a later record without the field then lands with NULL instead of going to
 * the dead-letter table; add {@code NOT NULL} where a missing value should be an error.
 */
final class CreateTableStatement
{
    private CreateTableStatement() {}

    static String render(TableName table, List<SuggestedColumn> columns)
    {
        return columns.stream()
                .map(column -> "    " + Identifiers.quote(column.columnName()) + " " + column.trinoType())
                .collect(joining(",\n", "CREATE TABLE %s.%s.%s (\n".formatted(Identifiers.quote(table.catalog()), Identifiers.quote(table.schema()), Identifiers.quote(table.table())), "\n)"));
    }
}
