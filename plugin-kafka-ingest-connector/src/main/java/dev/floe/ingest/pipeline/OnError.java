package dev.floe.ingest.pipeline;

/** What a pipeline does with a record it cannot write to its table. */
public enum OnError
{
    /** Write it to the dead-letter table and go on. */
    DEAD_LETTER,
    /** Commit what came before it and pause the pipeline, with the reason in its status. */
    PAUSE,
}
