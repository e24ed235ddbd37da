package dev.floe.ingest.suggest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The result of {@code suggest_mapping}, computed when the query is analyzed: the function's handle, and the table
 * the scan reads it from once {@code applyTableFunction} has turned the call into one.
 */
public record SuggestMappingHandle(
        @JsonProperty("columns") List<SuggestedColumn> columns,
        @JsonProperty("createTable") String createTable)
        implements ConnectorTableFunctionHandle, ConnectorTableHandle
{
    @JsonCreator
    public SuggestMappingHandle
    {
        columns = ImmutableList.copyOf(columns);
        requireNonNull(createTable, "createTable is null");
    }
}
