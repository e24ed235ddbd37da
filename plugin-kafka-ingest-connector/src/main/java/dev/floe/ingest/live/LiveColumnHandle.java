package dev.floe.ingest.live;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.type.Type;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A column of a topic or pipeline table: a value of the Kafka record ({@link Role}), or for pipeline tables a
 * column of the target table, identified by its Iceberg field id.
 */
public record LiveColumnHandle(
        @JsonProperty("name") String name,
        @JsonProperty("type") Type type,
        @JsonProperty("role") Role role,
        @JsonProperty("fieldId") Optional<Integer> fieldId)
        implements ColumnHandle
{
    public enum Role
    {
        DATA, PARTITION, OFFSET, TIMESTAMP, KEY, VALUE, KEY_BYTES, VALUE_BYTES, HEADERS;

        /** The columns whose filters decide which records are read. */
        boolean isPosition()
        {
            return this == PARTITION || this == OFFSET || this == TIMESTAMP;
        }
    }

    @JsonCreator
    public LiveColumnHandle
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(role, "role is null");
        requireNonNull(fieldId, "fieldId is null");
        if (fieldId.isPresent() != (role == Role.DATA)) {
            throw new IllegalArgumentException("a field id is for data columns only: " + name);
        }
    }
}
