package dev.floe.access.evaluation;

import dev.floe.access.policy.ResourceName;
import dev.floe.access.policy.ResourcePattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the rules whose resource patterns concern a resource without testing every rule: each pattern is
 * filed under its leading plain names ({@code lakehouse.demo} for {@code lakehouse.demo.*}), so a lookup
 * touches only the patterns filed under the resource's own prefixes. This keeps a check against thousands of
 * table-specific rules to a few hash lookups.
 */
final class RuleIndex<T>
{
    private record Entry<T>(T rule, ResourcePattern pattern) {}

    // patterns by their full literal prefix
    private final Map<List<String>, List<Entry<T>>> byPrefix = new HashMap<>();
    // patterns by every proper prefix of their literal prefix, for "reaches into" lookups from above
    private final Map<List<String>, List<Entry<T>>> byAncestor = new HashMap<>();

    RuleIndex(List<T> rules, Function<T, List<ResourcePattern>> patterns)
    {
        for (T rule : rules) {
            for (ResourcePattern pattern : patterns.apply(rule)) {
                Entry<T> entry = new Entry<>(rule, pattern);
                List<String> prefix = pattern.literalPrefix();
                byPrefix.computeIfAbsent(prefix, _ -> new ArrayList<>()).add(entry);
                for (int i = 1; i < prefix.size(); i++) {
                    byAncestor.computeIfAbsent(List.copyOf(prefix.subList(0, i)), _ -> new ArrayList<>()).add(entry);
                }
            }
        }
    }

    /**
     * Rules with a pattern naming the resource or one of its ancestors: the least specific patterns first, then in file order.
     */
    List<T> covering(ResourceName resource)
    {
        Set<T> found = Collections.newSetFromMap(new IdentityHashMap<>());
        List<T> result = new ArrayList<>();
        List<String> path = resource.path();
        for (int length = 0; length <= path.size(); length++) {
            for (Entry<T> entry : byPrefix.getOrDefault(path.subList(0, length), List.of())) {
                if (entry.pattern().covers(resource) && found.add(entry.rule())) {
                    result.add(entry.rule());
                }
            }
        }
        return result;
    }

    /**
     * Rules with a pattern naming the resource, an ancestor or anything below it.
     */
    List<T> reachingInto(ResourceName resource)
    {
        Set<T> found = Collections.newSetFromMap(new IdentityHashMap<>());
        List<T> result = new ArrayList<>();
        List<String> path = resource.path();
        for (int length = 0; length <= path.size(); length++) {
            for (Entry<T> entry : byPrefix.getOrDefault(path.subList(0, length), List.of())) {
                if (entry.pattern().reachesInto(resource) && found.add(entry.rule())) {
                    result.add(entry.rule());
                }
            }
        }
        for (Entry<T> entry : byAncestor.getOrDefault(path, List.of())) {
            if (entry.pattern().reachesInto(resource) && found.add(entry.rule())) {
                result.add(entry.rule());
            }
        }
        return result;
    }
}
