package dev.floe.access.evaluation;

import dev.floe.access.policy.ResourceName;
import dev.floe.access.policy.ResourcePattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index must find exactly what testing every pattern finds; random patterns and resources over a small
 * alphabet, so that prefixes, globs and levels collide often.
 */
final class TestRuleIndex
{
    private static final List<String> NAMES = List.of("a", "b", "ab", "ba");
    private static final List<String> GLOBS = List.of("*", "a*", "*b", "?", "?b");

    private record Rule(int id, List<ResourcePattern> patterns) {}

    @Test
    void sameAsTestingEveryRule()
    {
        Random random = new Random(20250602);
        for (int round = 0; round < 20; round++) {
            List<Rule> rules = new ArrayList<>();
            for (int id = 0; id < 200; id++) {
                List<ResourcePattern> patterns = new ArrayList<>();
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    patterns.add(pattern(random));
                }
                rules.add(new Rule(id, patterns));
            }
            RuleIndex<Rule> index = new RuleIndex<>(rules, Rule::patterns);
            for (int n = 0; n < 200; n++) {
                ResourceName resource = resource(random);
                assertThat(index.covering(resource)).as("covering %s", resource)
                        .containsExactlyInAnyOrderElementsOf(bruteForce(rules, resource, ResourcePattern::covers));
                assertThat(index.reachingInto(resource)).as("reaching into %s", resource)
                        .containsExactlyInAnyOrderElementsOf(bruteForce(rules, resource, ResourcePattern::reachesInto));
            }
        }
    }

    @Test
    void ruleWithSeveralMatchingPatternsIsFoundOnce()
    {
        Rule rule = new Rule(1, List.of(ResourcePattern.parse("a"), ResourcePattern.parse("a.b"), ResourcePattern.parse("*")));
        RuleIndex<Rule> index = new RuleIndex<>(List.of(rule), Rule::patterns);
        assertThat(index.covering(ResourceName.of("a", "b", "c"))).containsExactly(rule);
        assertThat(index.reachingInto(ResourceName.of("a"))).containsExactly(rule);
    }

    private static List<Rule> bruteForce(List<Rule> rules, ResourceName resource, BiPredicate<ResourcePattern, ResourceName> test)
    {
        return rules.stream()
                .filter(rule -> rule.patterns().stream().anyMatch(pattern -> test.test(pattern, resource)))
                .toList();
    }

    private static ResourcePattern pattern(Random random)
    {
        List<String> segments = new ArrayList<>();
        for (int level = 1 + random.nextInt(4); level > 0; level--) {
            segments.add(random.nextInt(10) < 7 ? pick(random, NAMES) : pick(random, GLOBS));
        }
        return ResourcePattern.parse(String.join(".", segments));
    }

    private static ResourceName resource(Random random)
    {
        List<String> names = new ArrayList<>();
        for (int level = 1 + random.nextInt(4); level > 0; level--) {
            names.add(pick(random, NAMES));
        }
        return ResourceName.of(names);
    }

    private static String pick(Random random, List<String> values)
    {
        return values.get(random.nextInt(values.size()));
    }
}
