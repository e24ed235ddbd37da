package dev.floe.ingest.live;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.pipeline.PipelineOptions;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What reading a pipeline's records needs on any node, taken when the query is analyzed: how the pipeline decodes
 * and maps them, the target table's schema at that time, and where the records not yet in the table start.
 *
 * @param schemaJson the target table's Iceberg schema ({@code SchemaParser} JSON)
 * @param startOffsets per topic and partition, the first offset not in the table; partitions not listed start at
 * their earliest retained record
 */
public record LivePipeline(
        @JsonProperty("name") String name,
        @JsonProperty("format") String format,
        @JsonProperty("optionsJson") String optionsJson,
        @JsonProperty("schemaJson") String schemaJson,
        @JsonProperty("startOffsets") Map<String, Map<Integer, Long>> startOffsets)
{
    @JsonCreator
    public LivePipeline
    {
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(optionsJson, "optionsJson is null");
        requireNonNull(schemaJson, "schemaJson is null");
        startOffsets = startOffsets.entrySet().stream().collect(ImmutableMap.toImmutableMap(Map.Entry::getKey, entry -> ImmutableMap.copyOf(entry.getValue())));
    }

    public PipelineOptions options()
    {
        return PipelineOptions.parse(optionsJson);
    }
}
