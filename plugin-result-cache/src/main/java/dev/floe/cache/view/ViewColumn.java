package dev.floe.cache.view;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A column of a cached view: its name, Trino type id (as the SPI's {@code TypeId}) and comment. */
public record ViewColumn(String name, String type, Optional<String> comment)
{
    public ViewColumn
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
    }
}
