package dev.floe.ingest.pipeline;

import com.google.common.collect.ImmutableMap;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline as stored, shared by every node: what to read, where to write and in which state its owner wants it.
 * The offsets it has reached are not here: they are in the target table (see {@code dev.floe.ingest.commit}).
 *
 * @param startOffsets per topic and partition, where reading starts when the table holds no offsets of this
 * pipeline yet (resolved from the start option at creation); partitions not listed start at their earliest offset
 * @param version incremented by every change, so that runners notice one
 */
public record PipelineDefinition(
        String name,
        String topic,
        TableName target,
        Format format,
        String optionsJson,
        Map<String, Map<Integer, Long>> startOffsets,
        PipelineState state,
        Optional<String> pausedReason,
        String owner,
        Instant createdAt,
        long version)
{
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

    public PipelineDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(target, "target is null");
        requireNonNull(format, "format is null");
        requireNonNull(optionsJson, "optionsJson is null");
        startOffsets = startOffsets.entrySet().stream().collect(ImmutableMap.toImmutableMap(Map.Entry::getKey, entry -> ImmutableMap.copyOf(entry.getValue())));
        requireNonNull(state, "state is null");
        requireNonNull(pausedReason, "pausedReason is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** Pipeline names are stored as given and compared as Trino compares unquoted identifiers. */
    public static String checkName(String name)
    {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("NAME: '%s' is not a pipeline name (a letter, then up to 127 lower case letters, digits or _)".formatted(name));
        }
        return name;
    }

    public PipelineOptions options()
    {
        return PipelineOptions.parse(optionsJson);
    }

    public PipelineDefinition withState(PipelineState newState, Optional<String> reason)
    {
        return new PipelineDefinition(name, topic, target, format, optionsJson, startOffsets, newState, reason, owner, createdAt, version + 1);
    }

    public PipelineDefinition withOptions(String newOptionsJson)
    {
        return new PipelineDefinition(name, topic, target, format, newOptionsJson, startOffsets, state, pausedReason, owner, createdAt, version + 1);
    }
}
