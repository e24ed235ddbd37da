package dev.floe.cache.view;

import io.trino.spi.connector.SchemaTableName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A cached view as stored: what {@code CREATE MATERIALIZED VIEW} gave the connector (SQL, the session's catalog,
 * schema and path, columns, grace period, owner), its properties, and the storage table chosen for it. {@code id}
 * changes with every {@code CREATE OR REPLACE}, so a refresh state of an older definition is never taken for this
 * one's.
 */
public record ViewDefinition(
        String id,
        String schema,
        String name,
        String originalSql,
        Optional<String> catalog,
        Optional<String> defaultSchema,
        List<ViewColumn> columns,
        Optional<Duration> gracePeriod,
        Optional<String> comment,
        Optional<String> owner,
        List<String> path,
        ViewProperties properties,
        String storageTable,
        Instant createdAt)
{
    public ViewDefinition
    {
        requireNonNull(id, "id is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(originalSql, "originalSql is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(defaultSchema, "defaultSchema is null");
        columns = List.copyOf(columns);
        requireNonNull(gracePeriod, "gracePeriod is null");
        requireNonNull(comment, "comment is null");
        requireNonNull(owner, "owner is null");
        path = List.copyOf(path);
        requireNonNull(properties, "properties is null");
        requireNonNull(storageTable, "storageTable is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public SchemaTableName viewName()
    {
        return new SchemaTableName(schema, name);
    }

    /** The storage table's name in its catalog: {@code <storage schema>.<storage table>}. */
    public SchemaTableName storageName()
    {
        return new SchemaTableName(properties.storageSchema(), storageTable);
    }

    public ViewDefinition withProperties(ViewProperties properties)
    {
        return new ViewDefinition(id, schema, name, originalSql, catalog, defaultSchema, columns, gracePeriod, comment, owner, path, properties, storageTable, createdAt);
    }
}
