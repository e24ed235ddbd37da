package dev.floe.ingest.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The next offset to read of each topic partition of a pipeline: the position a table's data covers. Stored as
 * {@code {"topic": {"0": 42, "1": 7}}} in snapshot summaries.
 */
public record Offsets(Map<TopicPartition, Long> next)
{
    public static final Offsets NONE = new Offsets(ImmutableMap.of());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Map<Integer, Long>>> JSON_TYPE = new TypeReference<>() {};

    public Offsets
    {
        next = ImmutableMap.copyOf(next);
    }

    public Optional<Long> get(TopicPartition partition)
    {
        return Optional.ofNullable(next.get(requireNonNull(partition, "partition is null")));
    }

    public boolean isEmpty()
    {
        return next.isEmpty();
    }

    /** These offsets with the given ones replacing or adding partitions. */
    public Offsets with(Map<TopicPartition, Long> advanced)
    {
        Map<TopicPartition, Long> merged = new HashMap<>(next);
        merged.putAll(advanced);
        return new Offsets(merged);
    }

    /** The higher of both offsets of each partition, and the partitions of either. */
    public Offsets max(Offsets other)
    {
        Map<TopicPartition, Long> merged = new HashMap<>(next);
        other.next.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return new Offsets(merged);
    }

    public Map<String, Map<Integer, Long>> byTopic()
    {
        Map<String, Map<Integer, Long>> topics = new TreeMap<>();
        next.forEach((partition, offset) -> topics.computeIfAbsent(partition.topic(), _ -> new TreeMap<>()).put(partition.partition(), offset));
        return topics;
    }

    public static Offsets fromTopics(Map<String, Map<Integer, Long>> topics)
    {
        ImmutableMap.Builder<TopicPartition, Long> next = ImmutableMap.builder();
        topics.forEach((topic, partitions) -> partitions.forEach((partition, offset) -> next.put(new TopicPartition(topic, partition), offset)));
        return new Offsets(next.buildOrThrow());
    }

    public String toJson()
    {
        try {
            return MAPPER.writeValueAsString(byTopic());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Offsets fromJson(String json)
    {
        try {
            return fromTopics(MAPPER.readValue(json, JSON_TYPE));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Offsets in a snapshot summary are not valid: " + json, e);
        }
    }

    @Override
    public String toString()
    {
        return toJson();
    }
}
