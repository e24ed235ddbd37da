package dev.floe.ingest.suggest;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.trino.spi.connector.ConnectorSplit;

import java.util.Map;

/** The one split of a {@code suggest_mapping} scan: the rows are in the table handle. */
public record SuggestMappingSplit()
        implements ConnectorSplit
{
    @JsonCreator
    public SuggestMappingSplit {}

    @Override
    public Map<String, String> getSplitInfo()
    {
        return Map.of();
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return 0;
    }
}
