package dev.floe.ingest.commit;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;

import java.util.Optional;

/**
 * Reads the offsets a pipeline has committed to a table: those in the summary of the newest snapshot of the main
 * branch's history that a commit of this pipeline made. Snapshots of other writers on top of it (Trino's
 * {@code optimize}, a user's {@code INSERT}, another pipeline) leave them as they are.
 */
public final class OffsetLedger
{
    private static final String PREFIX = "floe.ingest.";

    private OffsetLedger() {}

    public static String offsetsKey(String pipeline)
    {
        return PREFIX + pipeline + ".offsets";
    }

    public static String runnerKey(String pipeline)
    {
        return PREFIX + pipeline + ".runner";
    }

    /**
     * @throws MissingOffsetsException when the history reaches an expired snapshot before finding a commit of the
     * pipeline: its offsets may have been in it, and starting over would duplicate rows
     */
    public static Offsets read(TableMetadata metadata, String pipeline)
    {
        return find(metadata, pipeline).map(snapshot -> Offsets.fromJson(snapshot.summary().get(offsetsKey(pipeline)))).orElse(Offsets.NONE);
    }

    /** The newest snapshot of the main branch committed by the pipeline. */
    public static Optional<Snapshot> find(TableMetadata metadata, String pipeline)
    {
        String key = offsetsKey(pipeline);
        Snapshot snapshot = metadata.currentSnapshot();
        while (snapshot != null) {
            if (snapshot.summary().containsKey(key)) {
                return Optional.of(snapshot);
            }
            Long parent = snapshot.parentId();
            if (parent == null) {
                return Optional.empty();
            }
            Snapshot previous = metadata.snapshot(parent);
            if (previous == null) {
                throw new MissingOffsetsException("Table %s: the snapshot history of pipeline %s ends at expired snapshot %s before any commit of the pipeline; its offsets are lost with it. Drop and create the pipeline with an explicit start to go on"
                        .formatted(metadata.location(), pipeline, parent));
            }
            snapshot = previous;
        }
        return Optional.empty();
    }
}
