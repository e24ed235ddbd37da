package dev.floe.cache.freshness;

import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The Iceberg catalog behind the Trino catalog {@link #trinoCatalog()}: the storage tables live there, and its
 * tables are the sources whose versions (snapshot ids) are known.
 */
public final class IcebergTables
{
    private final Catalog catalog;
    private final String trinoCatalog;

    public IcebergTables(Catalog catalog, String trinoCatalog)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.trinoCatalog = requireNonNull(trinoCatalog, "trinoCatalog is null");
    }

    public Catalog catalog()
    {
        return catalog;
    }

    public String trinoCatalog()
    {
        return trinoCatalog;
    }

    /** The table {@code schema.table} of this catalog; empty when there is none (or it is a view). */
    public Optional<Table> table(String schema, String table)
    {
        try {
            return Optional.of(catalog.loadTable(TableIdentifier.of(schema, table)));
        }
        catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    /** A source named {@code catalog.schema.table}, when it is a table of this catalog. */
    public Optional<Table> source(QualifiedTable name)
    {
        return name.catalog().equals(trinoCatalog) ? table(name.schema(), name.table()) : Optional.empty();
    }

    public static OptionalLong currentSnapshot(Table table)
    {
        Snapshot snapshot = table.currentSnapshot();
        return snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot.snapshotId());
    }

    /**
     * When the table first changed after {@code snapshotId}: the commit time of that snapshot's child on the current
     * branch. Empty when the snapshot is not an ancestor of the current one any more (expired, or rolled back).
     */
    public static Optional<Instant> firstChangeAfter(Table table, long snapshotId)
    {
        Snapshot child = null;
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null; snapshot = parent(table, snapshot)) {
            if (snapshot.snapshotId() == snapshotId) {
                return child == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(child.timestampMillis()));
            }
            child = snapshot;
        }
        return Optional.empty();
    }

    /** Whether every commit after {@code snapshotId} up to the current one only appended rows. */
    public static boolean appendOnlySince(Table table, long snapshotId)
    {
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null; snapshot = parent(table, snapshot)) {
            if (snapshot.snapshotId() == snapshotId) {
                return true;
            }
            if (!DataOperations.APPEND.equals(snapshot.operation())) {
                return false;
            }
        }
        return false;
    }

    private static Snapshot parent(Table table, Snapshot snapshot)
    {
        Long parent = snapshot.parentId();
        return parent == null ? null : table.snapshot(parent);
    }
}
