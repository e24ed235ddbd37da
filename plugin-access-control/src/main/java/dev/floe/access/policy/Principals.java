package dev.floe.access.policy;

import dev.floe.access.evaluation.Subject;

import java.util.List;
import java.util.Set;

/**
 * Who a rule is for: users (name patterns), groups (name patterns) and roles (names, inherited roles included).
 * A rule for nobody is rejected at load, so "everyone" is always written out as {@code users: ['*']}.
 */
public record Principals(List<NamePattern> users, List<NamePattern> groups, Set<String> roles)
{
    public Principals
    {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        roles = Set.copyOf(roles);
    }

    public boolean isEmpty()
    {
        return users.isEmpty() && groups.isEmpty() && roles.isEmpty();
    }

    public boolean matches(Subject subject)
    {
        for (NamePattern user : users) {
            if (user.matches(subject.lowerCaseUser())) {
                return true;
            }
        }
        for (NamePattern group : groups) {
            for (String name : subject.lowerCaseGroups()) {
                if (group.matches(name)) {
                    return true;
                }
            }
        }
        for (String role : roles) {
            if (subject.roles().contains(role)) {
                return true;
            }
        }
        return false;
    }
}
