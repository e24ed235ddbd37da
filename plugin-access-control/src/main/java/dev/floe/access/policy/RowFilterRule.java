package dev.floe.access.policy;

import dev.floe.access.condition.Condition;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Grants the rows of the covered relations for which the filter holds. Every matching filter of a relation
 * grants its own set of rows, so the plugin ORs them (as Starburst Galaxy does).
 */
public record RowFilterRule(
        String name,
        SourceLocation location,
        Principals principals,
        List<ResourcePattern> resources,
        List<TagPattern> tags,
        Optional<Condition> condition,
        SqlTemplate filter)
        implements Rule
{
    public RowFilterRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(principals, "principals is null");
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        requireNonNull(condition, "condition is null");
        requireNonNull(filter, "filter is null");
    }
}
