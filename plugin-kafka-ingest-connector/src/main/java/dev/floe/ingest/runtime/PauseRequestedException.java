package dev.floe.ingest.runtime;

/** A record failed and the pipeline's on_error option says pause: the batch before it is committed, then the pipeline paused. */
final class PauseRequestedException
        extends Exception
{
    PauseRequestedException(String message)
    {
        super(message);
    }
}
