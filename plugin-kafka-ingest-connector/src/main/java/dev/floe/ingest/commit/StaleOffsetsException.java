package dev.floe.ingest.commit;

import org.apache.iceberg.exceptions.ValidationException;

/**
 * Another runner of the same pipeline committed since this one read its offsets (a zombie, or two nodes that both
 * believed they owned the pipeline). The commit is refused: the runner drops its files and starts again from the
 * table's offsets. A {@link ValidationException}, so that Iceberg does not retry the commit.
 */
public final class StaleOffsetsException
        extends ValidationException
{
    public StaleOffsetsException(String message)
    {
        super("%s", message);
    }
}
