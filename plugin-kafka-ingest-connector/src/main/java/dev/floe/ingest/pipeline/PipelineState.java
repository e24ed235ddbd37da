package dev.floe.ingest.pipeline;

/** What a pipeline's owner asked for; what its runner is doing at the moment is in the status. */
public enum PipelineState
{
    RUNNING,
    PAUSED,
}
