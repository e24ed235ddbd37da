package dev.floe.ingest.suggest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNull;

/**
 * A column {@code suggest_mapping} proposes.
 *
 * @param path what the pipeline's {@code columns} option maps the column to: the field name for a top-level field,
 * a JSON path ({@code $.customer.city}) for a flattened one
 * @param nullable whether some sampled record had no value for it
 * @param coverage the fraction of the sampled records that had a non-null value for it
 */
public record SuggestedColumn(
        @JsonProperty("columnName") String columnName,
        @JsonProperty("trinoType") String trinoType,
        @JsonProperty("path") String path,
        @JsonProperty("nullable") boolean nullable,
        @JsonProperty("coverage") double coverage)
{
    @JsonCreator
    public SuggestedColumn
    {
        requireNonNull(columnName, "columnName is null");
        requireNonNull(trinoType, "trinoType is null");
        requireNonNull(path, "path is null");
    }
}
