package dev.floe.ingest.live;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorSplit;

import java.util.Map;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * The records of one topic partition from {@code startOffset} (inclusive) to {@code endOffset} (exclusive). Any
 * node can read it: the node that runs it consumes the partition itself.
 */
public record LiveSplit(
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("startOffset") long startOffset,
        @JsonProperty("endOffset") long endOffset)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(LiveSplit.class);

    @JsonCreator
    public LiveSplit
    {
        requireNonNull(topic, "topic is null");
        if (startOffset > endOffset) {
            throw new IllegalArgumentException("start offset %s is after end offset %s".formatted(startOffset, endOffset));
        }
    }

    @Override
    public Map<String, String> getSplitInfo()
    {
        return Map.of("topic", topic, "partition", String.valueOf(partition), "startOffset", String.valueOf(startOffset), "endOffset", String.valueOf(endOffset));
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(topic);
    }
}
