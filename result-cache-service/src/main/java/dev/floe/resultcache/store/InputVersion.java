package dev.floe.resultcache.store;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table a cached result was computed from and the Iceberg snapshot it read; no snapshot for a table of a catalog
 * cached by age alone ({@code result-cache.ttl-catalogs}).
 */
public record InputVersion(String catalog, String schema, String table, Optional<Long> snapshotId)
{
    public InputVersion
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        requireNonNull(snapshotId, "snapshotId is null");
    }

    public String qualifiedName()
    {
        return catalog + "." + schema + "." + table;
    }

    @Override
    public String toString()
    {
        return qualifiedName() + snapshotId.map(id -> "@" + id).orElse("");
    }
}
