package dev.floe.ingest.commit;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;

import java.util.Optional;

/**
 * Reads the offsets a pipeline has committed to a table. Each commit writes them twice, in one metadata update: in
 * the table property {@code floe.ingest.<pipeline>.offsets}, which snapshot expiry leaves alone (a pipeline may
 * be idle for longer than snapshots are kept), and in its snapshot's summary, for the history. Writers on top of
 * it (Trino's {@code optimize}, a user's {@code INSERT}, another pipeline) leave both as they are. Tables written
 * before the property existed are read from the summary of the newest snapshot of the pipeline in the main branch.
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
     * @throws MissingOffsetsException when the table has no property of the pipeline and its history reaches an
     * expired snapshot before finding a commit of the pipeline: its offsets may have been in it, and starting over
     * would duplicate rows
     */
    public static Offsets read(TableMetadata metadata, String pipeline)
    {
        String property = metadata.properties().get(offsetsKey(pipeline));
        if (property != null) {
            return Offsets.fromJson(property);
        }
        return find(metadata, pipeline).map(snapshot -> Offsets.fromJson(snapshot.summary().get(offsetsKey(pipeline)))).orElse(Offsets.NONE);
    }

    /**
     * The offsets a pipeline created now starts from: those the table holds for its name (a pipeline dropped and
     * created again goes on), or none when the table has none or only an expired history could have held them, in
     * which case the new pipeline's start position applies as its creator asked.
     */
    public static Offsets readForCreate(TableMetadata metadata, String pipeline)
    {
        try {
            return read(metadata, pipeline);
        }
        catch (MissingOffsetsException e) {
            return Offsets.NONE;
        }
    }

    /** The newest snapshot of the main branch committed by the pipeline. */
    private static Optional<Snapshot> find(TableMetadata metadata, String pipeline)
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
                throw new MissingOffsetsException("Table %s: the snapshot history of pipeline %s ends at expired snapshot %s before any commit of the pipeline; its offsets are lost with it. Drop the pipeline and create it again with an explicit start to go on"
                        .formatted(metadata.location(), pipeline, parent));
            }
            snapshot = previous;
        }
        return Optional.empty();
    }
}
