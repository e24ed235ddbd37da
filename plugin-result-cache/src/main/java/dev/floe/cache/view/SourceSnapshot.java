package dev.floe.cache.view;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table a view read at its last refresh, {@code catalog.schema.table}, with the Iceberg snapshot it read; a
 * source without versions (a non-Iceberg catalog, an empty table) has none and is fresh only by time.
 */
public record SourceSnapshot(String table, Optional<Long> snapshotId)
{
    public SourceSnapshot
    {
        requireNonNull(table, "table is null");
        requireNonNull(snapshotId, "snapshotId is null");
    }

    public static SourceSnapshot of(String table, OptionalLong snapshotId)
    {
        return new SourceSnapshot(table, snapshotId.isPresent() ? Optional.of(snapshotId.getAsLong()) : Optional.empty());
    }
}
