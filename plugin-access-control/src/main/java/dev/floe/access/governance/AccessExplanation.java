package dev.floe.access.governance;

import dev.floe.access.evaluation.AppliedMask;
import dev.floe.access.evaluation.Decision;
import dev.floe.access.evaluation.PolicyEvaluator;
import dev.floe.access.evaluation.RequestInfo;
import dev.floe.access.evaluation.Subject;
import dev.floe.access.governance.ExplainAccessHandle.Row;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.ResourceName;
import io.trino.spi.connector.ColumnSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.floe.access.policy.Privilege.ALTER;
import static dev.floe.access.policy.Privilege.DELETE;
import static dev.floe.access.policy.Privilege.DROP;
import static dev.floe.access.policy.Privilege.INSERT;
import static dev.floe.access.policy.Privilege.OWNERSHIP;
import static dev.floe.access.policy.Privilege.SELECT;
import static dev.floe.access.policy.Privilege.SHOW;
import static dev.floe.access.policy.Privilege.UPDATE;

/**
 * What one user may do with one table, decided as the access control decides it: the table's privileges, its
 * row filter, each column's SELECT and mask, and the tags the rules saw.
 */
final class AccessExplanation
{
    // the privileges the access control checks on a table; CREATE and EXECUTE concern schemas and routines
    private static final List<Privilege> TABLE_PRIVILEGES = List.of(SELECT, INSERT, UPDATE, DELETE, ALTER, DROP, SHOW, OWNERSHIP);

    private AccessExplanation() {}

    static List<Row> explain(PolicyEvaluator evaluator, Subject subject, RequestInfo request, ResourceName table, List<ColumnSchema> columns)
    {
        List<Row> rows = new ArrayList<>();
        for (Privilege privilege : TABLE_PRIVILEGES) {
            // SHOW is whether the table is visible at all, which a grant on any of its columns also gives
            Decision decision = privilege == SHOW ? evaluator.visibility(subject, request, table) : evaluator.check(subject, request, table, privilege);
            rows.add(new Row("privilege", privilege.name(), decision.allowed(), null, decision.explanation()));
        }

        evaluator.rowFilter(subject, request, table).ifPresent(filter ->
                rows.add(new Row("row_filter", table.toString(), null, filter.expression(), String.join(", ", filter.rules()) + runAs(filter.identity()))));

        // hidden columns get no masks: the access control guards them with the table's SELECT instead
        List<PolicyEvaluator.Column> visible = columns.stream()
                .filter(column -> !column.isHidden())
                .map(column -> new PolicyEvaluator.Column(column.getName(), column.getType()))
                .toList();
        Map<String, AppliedMask> masks = evaluator.masks(subject, request, table, visible);
        for (PolicyEvaluator.Column column : visible) {
            Decision decision = evaluator.check(subject, request, table.child(column.name()), SELECT);
            AppliedMask mask = masks.get(column.name());
            String rules = mask == null ? decision.explanation() : "%s; masked by %s%s".formatted(decision.explanation(), mask.rule(), runAs(mask.identity()));
            rows.add(new Row("column", column.name(), decision.allowed(), mask == null ? null : mask.expression(), rules));
        }

        addTags(rows, evaluator, table, table.toString());
        for (PolicyEvaluator.Column column : visible) {
            addTags(rows, evaluator, table.child(column.name()), column.name());
        }
        return rows;
    }

    private static void addTags(List<Row> rows, PolicyEvaluator evaluator, ResourceName resource, String name)
    {
        Set<String> tags = new TreeSet<>(evaluator.tags(resource));
        if (!tags.isEmpty()) {
            rows.add(new Row("tag", name, null, String.join(", ", tags), String.join("; ", evaluator.tagSources(resource))));
        }
    }

    private static String runAs(Optional<String> identity)
    {
        return identity.map(user -> "; runs as " + user).orElse("");
    }
}
