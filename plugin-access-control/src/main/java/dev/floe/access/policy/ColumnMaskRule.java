package dev.floe.access.policy;

import dev.floe.access.condition.Condition;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Masks the columns it covers, by resource pattern or by tag, for columns of the declared type. When several
 * rules could mask one column the plugin picks one by {@link MaskPriority}, because Trino fails a query that
 * gets two masks for one column.
 *
 * @param order the rule's position in the policy file, the last tie-breaker
 * @param runAsDefiner whether the mask runs as the policy's definer identity instead of the querying user
 */
public record ColumnMaskRule(
        String name,
        SourceLocation location,
        Principals principals,
        List<ResourcePattern> resources,
        List<TagPattern> tags,
        Optional<Condition> condition,
        MaskType type,
        SqlTemplate mask,
        int priority,
        boolean runAsDefiner,
        int order)
        implements Rule
{
    public ColumnMaskRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(principals, "principals is null");
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        requireNonNull(condition, "condition is null");
        requireNonNull(type, "type is null");
        requireNonNull(mask, "mask is null");
    }
}
