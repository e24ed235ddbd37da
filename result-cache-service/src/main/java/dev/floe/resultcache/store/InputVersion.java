package dev.floe.resultcache.store;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table a cached result was computed from, the Iceberg snapshot it read and the table's metadata file then (every
 * change of the table, also of its schema or its branches and tags, writes a new one); neither for a table of a
 * catalog cached by age alone ({@code result-cache.ttl-catalogs}).
 */
public record InputVersion(String catalog, String schema, String table, Optional<Long> snapshotId, Optional<String> metadataLocation)
{
    public InputVersion
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(metadataLocation, "metadataLocation is null");
    }

    public InputVersion(String catalog, String schema, String table, Optional<Long> snapshotId)
    {
        this(catalog, schema, table, snapshotId, Optional.empty());
    }

    public InputVersion withMetadataLocation(String location)
    {
        return new InputVersion(catalog, schema, table, snapshotId, Optional.of(location));
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
