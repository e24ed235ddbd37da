package dev.floe.access.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A validated policy: everything in the policy file, compiled. Immutable; a reload builds a new one.
 *
 * @param version the SHA-256 of the file's bytes, which also keys decision caches and audit records
 * @param definer the identity filters and masks run as when they are marked {@code run_as: definer}
 */
public record Policy(
        String file,
        String version,
        Instant loadedAt,
        RoleGraph roles,
        Set<String> adminRoles,
        Optional<String> definer,
        Map<String, Set<String>> userRoles,
        Map<String, Set<String>> groupRoles,
        Map<String, Map<String, AttributeValue>> userAttributes,
        Map<String, Map<String, AttributeValue>> groupAttributes,
        List<TagAssignment> tags,
        List<AutoTagRule> autoTags,
        List<PrivilegeRule> privileges,
        List<RowFilterRule> rowFilters,
        List<ColumnMaskRule> columnMasks)
{
    public Policy
    {
        requireNonNull(file, "file is null");
        requireNonNull(version, "version is null");
        requireNonNull(loadedAt, "loadedAt is null");
        requireNonNull(roles, "roles is null");
        adminRoles = Set.copyOf(adminRoles);
        requireNonNull(definer, "definer is null");
        userRoles = Map.copyOf(userRoles);
        groupRoles = Map.copyOf(groupRoles);
        userAttributes = Map.copyOf(userAttributes);
        groupAttributes = Map.copyOf(groupAttributes);
        tags = List.copyOf(tags);
        autoTags = List.copyOf(autoTags);
        privileges = List.copyOf(privileges);
        rowFilters = List.copyOf(rowFilters);
        columnMasks = List.copyOf(columnMasks);
    }
}
