package dev.floe.access.evaluation;

import dev.floe.access.policy.AttributeValue;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A user as the policy sees them: groups from Trino's group provider, roles from the policy's bindings (with
 * inheritance) and attributes from the policy (a user's own values win over their groups'). Trino's
 * {@code SET ROLE} does not change these: roles come from the policy alone, so no session can grant itself one.
 */
public record Subject(String user, Set<String> groups, Set<String> roles, Map<String, AttributeValue> attributes, boolean admin)
{
    public Subject
    {
        requireNonNull(user, "user is null");
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    public String lowerCaseUser()
    {
        return user.toLowerCase(Locale.ROOT);
    }

    public Set<String> lowerCaseGroups()
    {
        return groups.stream().map(group -> group.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
