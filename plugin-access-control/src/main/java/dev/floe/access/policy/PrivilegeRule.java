package dev.floe.access.policy;

import dev.floe.access.condition.Condition;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Allows or denies privileges on the resources its patterns cover, optionally only where the resource carries
 * a matching tag and the condition holds.
 */
public record PrivilegeRule(
        String name,
        SourceLocation location,
        Effect effect,
        Set<Privilege> privileges,
        Principals principals,
        List<ResourcePattern> resources,
        List<TagPattern> tags,
        Optional<Condition> condition)
        implements Rule
{
    public PrivilegeRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(effect, "effect is null");
        privileges = Set.copyOf(EnumSet.copyOf(privileges));
        requireNonNull(principals, "principals is null");
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        requireNonNull(condition, "condition is null");
    }

    public boolean grants(Privilege privilege)
    {
        return privileges.contains(privilege) || (effect == Effect.ALLOW && privileges.contains(Privilege.OWNERSHIP));
    }
}
