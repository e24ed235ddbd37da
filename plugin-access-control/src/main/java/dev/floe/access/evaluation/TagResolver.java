package dev.floe.access.evaluation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.access.policy.AutoTagRule;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.ResourceName;
import dev.floe.access.policy.TagAssignment;
import dev.floe.access.policy.TagName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tags of a resource: the tags written on it or on any ancestor, plus, for columns, the tags of the
 * auto-tagging rules its name matches; each with its ancestor tags, so {@code pii.email} also yields
 * {@code pii}.
 */
final class TagResolver
{
    private final RuleIndex<TagAssignment> assignments;
    private final List<AutoTagRule> autoTags;
    private final Cache<ResourceName, Set<String>> cache;
    private final Cache<ResourceName, Set<String>> below;

    TagResolver(Policy policy, long cacheSize)
    {
        this.assignments = new RuleIndex<>(policy.tags(), assignment -> List.of(assignment.resource()));
        this.autoTags = policy.autoTags();
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.below = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    Set<String> tags(ResourceName resource)
    {
        return cache.get(resource, this::compute);
    }

    private Set<String> compute(ResourceName resource)
    {
        Set<String> tags = new TreeSet<>();
        for (TagAssignment assignment : assignments.covering(resource)) {
            assignment.tags().forEach(tag -> tags.addAll(tag.withAncestors()));
        }
        if (resource.level() == ResourceName.COLUMN) {
            for (AutoTagRule rule : autoTags) {
                if (rule.matches(resource.column())) {
                    rule.tags().forEach(tag -> tags.addAll(tag.withAncestors()));
                }
            }
        }
        return Set.copyOf(tags);
    }

    /**
     * The tags written on the resource or anything below it. Auto-tags are left out: they depend on column names
     * a container does not know, and counting every auto-tag would make a tag-scoped grant show every catalog,
     * schema and table by name.
     */
    Set<String> tagsBelow(ResourceName resource)
    {
        return below.get(resource, this::computeBelow);
    }

    private Set<String> computeBelow(ResourceName resource)
    {
        Set<String> tags = new TreeSet<>();
        for (TagAssignment assignment : assignments.reachingInto(resource)) {
            assignment.tags().forEach(tag -> tags.addAll(tag.withAncestors()));
        }
        return Set.copyOf(tags);
    }

    /**
     * Which rules gave the resource its tags, for explanations.
     */
    List<String> sources(ResourceName resource)
    {
        List<String> sources = new ArrayList<>();
        for (TagAssignment assignment : assignments.covering(resource)) {
            sources.add("%s on %s (%s)".formatted(assignment.tags().stream().map(TagName::value).toList(), assignment.resource(), assignment.location()));
        }
        if (resource.level() == ResourceName.COLUMN) {
            for (AutoTagRule rule : autoTags) {
                if (rule.matches(resource.column())) {
                    sources.add("%s by auto-tag rule '%s'".formatted(rule.tags().stream().map(TagName::value).toList(), rule.name()));
                }
            }
        }
        return sources;
    }
}
