package dev.floe.cache.refresh;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The lease table's operations, whose commits succeed only while the metadata they replace satisfies a condition
 * (the lease is free, expired or the committer's). Iceberg re-reads the metadata and re-applies a transaction after
 * a conflict; the condition is checked here, against the very metadata the catalog's compare-and-swap is
 * conditioned on, so the check and the commit are one atomic step.
 */
final class LeaseCheckedOperations
        implements TableOperations
{
    private final TableOperations delegate;
    private final Predicate<TableMetadata> condition;

    LeaseCheckedOperations(TableOperations delegate, Predicate<TableMetadata> condition)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.condition = requireNonNull(condition, "condition is null");
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata)
    {
        if (!condition.test(base)) {
            throw new LeaseTakenException();
        }
        delegate.commit(base, metadata);
    }

    @Override
    public TableMetadata current()
    {
        return delegate.current();
    }

    @Override
    public TableMetadata refresh()
    {
        return delegate.refresh();
    }

    @Override
    public FileIO io()
    {
        return delegate.io();
    }

    @Override
    public EncryptionManager encryption()
    {
        return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName)
    {
        return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider()
    {
        return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata)
    {
        return delegate.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId()
    {
        return delegate.newSnapshotId();
    }

    /** Another holder's unexpired lease is in the metadata: not retried, the caller reads it. */
    static final class LeaseTakenException
            extends RuntimeException
    {
        LeaseTakenException()
        {
            super("The lease is held by another holder", null, false, false);
        }
    }
}
