package dev.floe.ingest.live;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.ingest.pipeline.PipelineOptions;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table of schema {@code topics} (a whole topic, raw) or {@code pipelines} (the records of a pipeline's topic
 * not in its target table yet, as the pipeline would write them).
 *
 * @param topic the topic, or for a pipeline with option topic_pattern the pattern
 * @param constraint the filter on {@code _partition}, {@code _offset} and {@code _timestamp} that decides which
 * records are read
 */
public record LiveTableHandle(
        @JsonProperty("schemaName") String schemaName,
        @JsonProperty("tableName") String tableName,
        @JsonProperty("topic") String topic,
        @JsonProperty("topicPattern") boolean topicPattern,
        @JsonProperty("pipeline") Optional<LivePipeline> pipeline,
        @JsonProperty("constraint") TupleDomain<ColumnHandle> constraint)
        implements ConnectorTableHandle
{
    @JsonCreator
    public LiveTableHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(constraint, "constraint is null");
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }

    /** The pipeline's options for a pipeline table (its cluster and consumer properties); the defaults for a topic. */
    public PipelineOptions consumerOptions()
    {
        return pipeline.map(LivePipeline::options).orElseGet(() -> PipelineOptions.parse(null));
    }

    public LiveTableHandle withConstraint(TupleDomain<ColumnHandle> newConstraint)
    {
        return new LiveTableHandle(schemaName, tableName, topic, topicPattern, pipeline, newConstraint);
    }

    @Override
    public String toString()
    {
        return schemaName + "." + tableName;
    }
}
