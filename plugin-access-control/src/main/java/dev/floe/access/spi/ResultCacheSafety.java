package dev.floe.access.spi;

import com.google.common.collect.ImmutableSet;
import dev.floe.access.condition.Condition;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.Rule;
import dev.floe.access.policy.SqlTemplate;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CurrentDate;
import io.trino.sql.tree.CurrentTime;
import io.trino.sql.tree.CurrentTimestamp;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.LocalTime;
import io.trino.sql.tree.LocalTimestamp;
import io.trino.sql.tree.Node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether results computed under a policy may be reused by a result cache for as long as the policy version stays:
 * not when a decision depends on the request (a condition over {@code request}: the time of day, the source, the
 * client tags), nor when a row filter or a mask reads the clock or draws random values. The cache sees only the
 * version; such a policy publishes none, and nothing is cached while it is active.
 */
final class ResultCacheSafety
{
    private static final Set<String> NON_DETERMINISTIC = ImmutableSet.of(
            "rand", "random", "uuid", "shuffle", "now", "current_timestamp", "current_time", "current_date",
            "localtime", "localtimestamp", "current_time_zone", "add_noise", "shift_date");

    private final SqlParser parser = new SqlParser();

    /** Why results computed under the policy must not be reused; empty when they may. */
    Optional<String> obstacle(Policy policy)
    {
        Optional<Rule> requestDependent = Stream.of(policy.privileges(), policy.rowFilters(), policy.columnMasks())
                .flatMap(List::stream)
                .map(Rule.class::cast)
                .filter(rule -> rule.condition().map(Condition::requestDependent).orElse(false))
                .findFirst();
        if (requestDependent.isPresent()) {
            return Optional.of("the condition of rule '%s' reads the request (time, source or client tags)".formatted(requestDependent.get().name()));
        }
        for (var filter : policy.rowFilters()) {
            Optional<String> reason = varying(filter.filter());
            if (reason.isPresent()) {
                return Optional.of("row filter '%s' %s".formatted(filter.name(), reason.get()));
            }
        }
        for (var mask : policy.columnMasks()) {
            Optional<String> reason = varying(mask.mask());
            if (reason.isPresent()) {
                return Optional.of("column mask '%s' %s".formatted(mask.name(), reason.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> varying(SqlTemplate template)
    {
        Deque<Node> pending = new ArrayDeque<>();
        try {
            pending.push(parser.createExpression(template.sample()));
        }
        catch (ParsingException e) {
            // the loader rejected unparseable expressions already
            return Optional.of("cannot be parsed");
        }
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof CurrentDate || node instanceof CurrentTime || node instanceof CurrentTimestamp || node instanceof LocalTime || node instanceof LocalTimestamp) {
                return Optional.of("reads the current time");
            }
            if (node instanceof FunctionCall call) {
                String name = call.getName().getSuffix().toLowerCase(Locale.ROOT);
                if (NON_DETERMINISTIC.contains(name)) {
                    return Optional.of("calls " + name + "()");
                }
            }
            node.getChildren().forEach(pending::push);
        }
        return Optional.empty();
    }
}
