package dev.floe.access.policy;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Tags written on resources; they hold for everything below the resources too.
 */
public record TagAssignment(SourceLocation location, ResourcePattern resource, List<TagName> tags)
{
    public TagAssignment
    {
        requireNonNull(location, "location is null");
        requireNonNull(resource, "resource is null");
        tags = List.copyOf(tags);
    }
}
