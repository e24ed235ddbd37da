package dev.floe.ingest.commit;

/** A table's history no longer shows where a pipeline stopped; the runner stops rather than read anything twice. */
public final class MissingOffsetsException
        extends RuntimeException
{
    public MissingOffsetsException(String message)
    {
        super(message);
    }
}
