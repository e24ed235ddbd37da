package dev.floe.ingest.commit;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

import static java.util.Objects.requireNonNull;

/**
 * A table's operations whose commits succeed only while the pipeline's offsets in the table are those the runner
 * started its batch from. Iceberg applies an update to freshly read metadata and commits it with a compare-and-swap
 * on that metadata (the REST catalog's {@code assert-ref-snapshot-id}); after a conflict it re-reads and tries
 * again. Checking the offsets here, against the metadata the swap is conditioned on, makes the check and the
 * commit atomic: concurrent commits of others (optimize, inserts) are retried over, another runner's is refused.
 */
final class FencedTableOperations
        implements TableOperations
{
    private final TableOperations delegate;
    private final String pipeline;
    private final Offsets expected;

    FencedTableOperations(TableOperations delegate, String pipeline, Offsets expected)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.expected = requireNonNull(expected, "expected is null");
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata)
    {
        Offsets actual = OffsetLedger.read(base, pipeline);
        if (!actual.equals(expected)) {
            throw new StaleOffsetsException("Pipeline %s: table %s holds offsets %s, not %s as when this batch started: another runner committed meanwhile"
                    .formatted(pipeline, base.location(), actual, expected));
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

    @Override
    public boolean requireStrictCleanup()
    {
        return delegate.requireStrictCleanup();
    }
}
