package dev.floe.ingest.suggest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ColumnHandle;

import static java.util.Objects.requireNonNull;

/** A column of the {@code suggest_mapping} result; {@code index} is its position in {@link SuggestMappingTable#COLUMNS}. */
public record SuggestMappingColumnHandle(@JsonProperty("name") String name, @JsonProperty("index") int index)
        implements ColumnHandle
{
    @JsonCreator
    public SuggestMappingColumnHandle
    {
        requireNonNull(name, "name is null");
    }
}
