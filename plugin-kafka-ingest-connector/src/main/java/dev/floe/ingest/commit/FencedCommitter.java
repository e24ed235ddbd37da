package dev.floe.ingest.commit;

import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Appends a batch's data files and the offsets they cover in one Iceberg commit, fenced on the offsets the batch
 * started from (see {@link FencedTableOperations}). The offsets are the only record of progress: a crash before
 * the commit loses the batch's files (orphans) and nothing else, one after it has nothing left to do.
 */
public final class FencedCommitter
{
    private final String pipeline;
    private final String runnerId;

    public FencedCommitter(String pipeline, String runnerId)
    {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.runnerId = requireNonNull(runnerId, "runnerId is null");
    }

    /**
     * Commits even without files, so that offsets move past records that all went elsewhere (dead letters).
     *
     * @return the snapshot made
     * @throws StaleOffsetsException when the table's offsets are no longer {@code expected}
     */
    public Snapshot commit(Table table, Offsets expected, Offsets next, List<DataFile> files)
    {
        requireNonNull(table, "table is null");
        Table fenced = new BaseTable(new FencedTableOperations(((HasTableOperations) table).operations(), pipeline, expected), table.name());
        String offsetsKey = OffsetLedger.offsetsKey(pipeline);
        String offsets = next.toJson();
        // one metadata update: the snapshot and the property that outlives it (see OffsetLedger)
        Transaction transaction = fenced.newTransaction();
        AppendFiles append = transaction.newAppend()
                .set(offsetsKey, offsets)
                .set(OffsetLedger.runnerKey(pipeline), runnerId);
        files.forEach(append::appendFile);
        append.commit();
        transaction.updateProperties().set(offsetsKey, offsets).commit();
        transaction.commitTransaction();
        return fenced.currentSnapshot();
    }
}
