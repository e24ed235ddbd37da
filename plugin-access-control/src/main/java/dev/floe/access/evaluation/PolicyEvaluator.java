package dev.floe.access.evaluation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.access.condition.Condition;
import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.policy.AttributeValue;
import dev.floe.access.policy.ColumnMaskRule;
import dev.floe.access.policy.Effect;
import dev.floe.access.policy.MaskType;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.PrivilegeRule;
import dev.floe.access.policy.ResourceName;
import dev.floe.access.policy.RowFilterRule;
import dev.floe.access.policy.Rule;
import dev.floe.access.policy.TagPattern;
import io.trino.spi.security.Identity;
import io.trino.spi.type.CharType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Decides for one policy version. Deny wins over allow, nothing allowed is denied, admins are allowed what no
 * deny forbids and get no filters or masks. Rules are narrowed to a user's own once per user (name and groups)
 * and indexed by resource, and decisions that do not depend on the request are cached; a reload creates a new
 * evaluator, so nothing cached outlives its policy.
 */
public final class PolicyEvaluator
{
    public record Column(String name, Type type) {}

    private record SubjectKey(String user, Set<String> groups) {}

    private record DecisionKey(SubjectKey subject, ResourceName resource, Privilege privilege, boolean visibility) {}

    private record MaskKey(SubjectKey subject, ResourceName relation, List<Column> columns) {}

    private record MaskResult(Map<String, AppliedMask> masks, boolean cacheable) {}

    private record SelectKey(SubjectKey subject, ResourceName relation, Set<String> columns, boolean columnsFollowRelation) {}

    /** The columns SELECT may not read, sorted, and the decision that denied the first of them. */
    public record ColumnsDecision(List<String> denied, Optional<Decision> firstDenial)
    {
        public static final ColumnsDecision ALLOWED = new ColumnsDecision(List.of(), Optional.empty());

        public ColumnsDecision
        {
            denied = List.copyOf(denied);
            requireNonNull(firstDenial, "firstDenial is null");
        }
    }

    private final Policy policy;
    private final TagResolver tags;
    private final Cache<SubjectKey, Scope> scopes;
    private final Cache<DecisionKey, Decision> decisions;
    private final Cache<MaskKey, Map<String, AppliedMask>> maskCache;
    private final Cache<SelectKey, ColumnsDecision> selectCache;

    public PolicyEvaluator(Policy policy, long cacheSize)
    {
        this.policy = requireNonNull(policy, "policy is null");
        this.tags = new TagResolver(policy, cacheSize);
        this.scopes = Caffeine.newBuilder().maximumSize(Math.max(16, cacheSize / 100)).build();
        this.decisions = Caffeine.newBuilder().maximumSize(cacheSize).build();
        // one entry per user and relation: a thousandth of the decisions is plenty
        this.maskCache = Caffeine.newBuilder().maximumSize(Math.max(1_000, cacheSize / 1_000)).build();
        // one lookup per SELECT check instead of one per column
        this.selectCache = Caffeine.newBuilder().maximumSize(Math.max(1_000, cacheSize / 100)).build();
    }

    public Policy policy()
    {
        return policy;
    }

    public Subject subject(Identity identity)
    {
        return subject(identity.getUser(), identity.getGroups());
    }

    public Subject subject(String user, Set<String> groups)
    {
        return scope(new SubjectKey(user, Set.copyOf(groups))).subject;
    }

    public Set<String> tags(ResourceName resource)
    {
        return tags.tags(resource);
    }

    public List<String> tagSources(ResourceName resource)
    {
        return tags.sources(resource);
    }

    public Decision check(Subject subject, RequestInfo request, ResourceName resource, Privilege privilege)
    {
        return decide(subject, request, resource, privilege, false);
    }

    /**
     * SELECT on each of the columns: of the relation itself where {@code columnsFollowRelation} (a metadata table's
     * columns) or for hidden columns ($path …), of the column otherwise. Cached as a whole unless a request
     * condition took part.
     */
    public ColumnsDecision checkSelect(Subject subject, RequestInfo request, ResourceName relation, Set<String> columns, boolean columnsFollowRelation)
    {
        SubjectKey subjectKey = keyOf(subject);
        SelectKey key = new SelectKey(subjectKey, relation, columns, columnsFollowRelation);
        ColumnsDecision cached = selectCache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        List<String> denied = new ArrayList<>();
        Decision firstDenial = null;
        boolean cacheable = true;
        for (String column : columns) {
            ResourceName resource = columnsFollowRelation || column.startsWith("$") ? relation : relation.child(column);
            Decision decision = decide(subject, request, resource, Privilege.SELECT, false);
            cacheable &= decision.cacheable();
            if (!decision.allowed()) {
                denied.add(column);
                firstDenial = firstDenial == null ? decision : firstDenial;
            }
        }
        denied.sort(null);
        ColumnsDecision result = denied.isEmpty() ? ColumnsDecision.ALLOWED : new ColumnsDecision(denied, Optional.of(firstDenial));
        if (cacheable) {
            selectCache.put(new SelectKey(subjectKey, relation, Set.copyOf(columns), columnsFollowRelation), result);
        }
        return result;
    }

    /**
     * Whether the user may see that the resource exists: it is visible when any privilege is allowed on it or
     * below it (a grant on a table shows its schema and catalog), unless SHOW is denied on it.
     */
    public Decision visibility(Subject subject, RequestInfo request, ResourceName resource)
    {
        return decide(subject, request, resource, Privilege.SHOW, true);
    }

    private Decision decide(Subject subject, RequestInfo request, ResourceName resource, Privilege privilege, boolean visibility)
    {
        SubjectKey subjectKey = keyOf(subject);
        DecisionKey key = new DecisionKey(subjectKey, resource, privilege, visibility);
        Decision cached = decisions.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Scope scope = scope(subjectKey);
        Decision decision = visibility ? scope.visibility(request, resource) : scope.check(request, resource, privilege);
        if (decision.cacheable()) {
            decisions.put(key, decision);
        }
        return decision;
    }

    public Optional<AppliedFilter> rowFilter(Subject subject, RequestInfo request, ResourceName relation)
    {
        return scope(keyOf(subject)).rowFilter(request, relation);
    }

    public Map<String, AppliedMask> masks(Subject subject, RequestInfo request, ResourceName relation, List<Column> columns)
    {
        SubjectKey subjectKey = keyOf(subject);
        MaskKey key = new MaskKey(subjectKey, relation, List.copyOf(columns));
        Map<String, AppliedMask> cached = maskCache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        MaskResult result = scope(subjectKey).masks(request, relation, columns);
        if (result.cacheable()) {
            maskCache.put(key, result.masks());
        }
        return result.masks();
    }

    /**
     * Whether any row filter or mask could apply to the user on this resource or below it, whatever the
     * columns; used to refuse the metadata tables ({@code t$files}…), hidden columns and table functions that
     * would show raw values around them.
     */
    public boolean mayFilterOrMask(Subject subject, RequestInfo request, ResourceName resource)
    {
        return scope(keyOf(subject)).mayFilterOrMask(request, resource);
    }

    /**
     * Whether a deny of SELECT may cover a column of the relation (named, or by a tag a column may carry): its
     * metadata tables and hidden columns would show that column's values (file bounds, partition values).
     */
    public boolean mayDenyColumns(Subject subject, RequestInfo request, ResourceName relation)
    {
        return scope(keyOf(subject)).mayDenyColumns(request, relation);
    }

    /**
     * Whether any rule allows the user anything at all (admins included).
     */
    public boolean grantsAnything(Subject subject)
    {
        return subject.admin() || scope(keyOf(subject)).grantsAnything;
    }

    private static SubjectKey keyOf(Subject subject)
    {
        return new SubjectKey(subject.user(), subject.groups());
    }

    private Scope scope(SubjectKey key)
    {
        return scopes.get(key, this::newScope);
    }

    private Scope newScope(SubjectKey key)
    {
        Set<String> roleNames = new LinkedHashSet<>(policy.userRoles().getOrDefault(key.user().toLowerCase(Locale.ROOT), Set.of()));
        Map<String, AttributeValue> attributes = new HashMap<>();
        for (String group : new TreeSet<>(key.groups())) {
            String lower = group.toLowerCase(Locale.ROOT);
            roleNames.addAll(policy.groupRoles().getOrDefault(lower, Set.of()));
            attributes.putAll(policy.groupAttributes().getOrDefault(lower, Map.of()));
        }
        attributes.putAll(policy.userAttributes().getOrDefault(key.user().toLowerCase(Locale.ROOT), Map.of()));
        Set<String> roles = policy.roles().closure(roleNames);
        boolean admin = roles.stream().anyMatch(policy.adminRoles()::contains);
        return new Scope(new Subject(key.user(), key.groups(), roles, attributes, admin));
    }

    /**
     * The rules of one user, indexed.
     */
    private final class Scope
    {
        private final Subject subject;
        private final Map<String, Object> userVariables;
        private final RuleIndex<PrivilegeRule> denies;
        private final RuleIndex<PrivilegeRule> allows;
        private final RuleIndex<RowFilterRule> filters;
        private final RuleIndex<ColumnMaskRule> masks;
        private final boolean grantsAnything;

        Scope(Subject subject)
        {
            this.subject = subject;
            Map<String, Object> attributes = new TreeMap<>();
            subject.attributes().forEach((name, value) -> attributes.put(name, value.celValue()));
            this.userVariables = Map.of(
                    "name", subject.user(),
                    "groups", List.copyOf(new TreeSet<>(subject.groups())),
                    "roles", List.copyOf(new TreeSet<>(subject.roles())),
                    "attributes", attributes);
            List<PrivilegeRule> mine = policy.privileges().stream().filter(rule -> rule.principals().matches(subject)).toList();
            this.denies = new RuleIndex<>(mine.stream().filter(rule -> rule.effect() == Effect.DENY).toList(), PrivilegeRule::resources);
            List<PrivilegeRule> allowRules = mine.stream().filter(rule -> rule.effect() == Effect.ALLOW).toList();
            this.allows = new RuleIndex<>(allowRules, PrivilegeRule::resources);
            this.grantsAnything = !allowRules.isEmpty();
            this.filters = new RuleIndex<>(subject.admin() ? List.of() : policy.rowFilters().stream().filter(rule -> rule.principals().matches(subject)).toList(), RowFilterRule::resources);
            this.masks = new RuleIndex<>(subject.admin() ? List.of() : policy.columnMasks().stream().filter(rule -> rule.principals().matches(subject)).toList(), ColumnMaskRule::resources);
        }

        /**
         * What decides before any allow rule is read: a deny (which always wins), then an admin role.
         */
        private Optional<Decision> denyOrAdmin(Evaluation evaluation, ResourceName resource, Privilege privilege)
        {
            for (PrivilegeRule rule : denies.covering(resource)) {
                if (rule.grants(privilege) && evaluation.tagsMatch(rule) && evaluation.condition(rule) != Condition.Outcome.FALSE) {
                    return Optional.of(new Decision(false, List.of(rule.name()), evaluation.cacheable));
                }
            }
            if (subject.admin()) {
                return Optional.of(new Decision(true, List.of("admin role"), evaluation.cacheable));
            }
            return Optional.empty();
        }

        Decision check(RequestInfo request, ResourceName resource, Privilege privilege)
        {
            Evaluation evaluation = new Evaluation(request, resource, "");
            Optional<Decision> decided = denyOrAdmin(evaluation, resource, privilege);
            if (decided.isPresent()) {
                return decided.get();
            }
            for (PrivilegeRule rule : allows.covering(resource)) {
                if (rule.grants(privilege) && evaluation.tagsMatch(rule) && evaluation.condition(rule) == Condition.Outcome.TRUE) {
                    return new Decision(true, List.of(rule.name()), evaluation.cacheable);
                }
            }
            return new Decision(false, List.of(), evaluation.cacheable);
        }

        Decision visibility(RequestInfo request, ResourceName resource)
        {
            Evaluation evaluation = new Evaluation(request, resource, "");
            Optional<Decision> decided = denyOrAdmin(evaluation, resource, Privilege.SHOW);
            if (decided.isPresent()) {
                return decided.get();
            }
            Set<String> tagsBelow = null;
            for (PrivilegeRule rule : allows.reachingInto(resource)) {
                // tags only add up downwards: a tag the resource lacks may be written on something below it
                boolean tagsMatch = rule.resources().stream().noneMatch(pattern -> pattern.covers(resource)) || evaluation.tagsMatch(rule);
                if (!tagsMatch && resource.level() < ResourceName.COLUMN) {
                    tagsBelow = tagsBelow == null ? tags.tagsBelow(resource) : tagsBelow;
                    for (TagPattern pattern : rule.tags()) {
                        tagsMatch |= pattern.matchesAny(tagsBelow);
                    }
                }
                if (tagsMatch && evaluation.condition(rule) == Condition.Outcome.TRUE) {
                    return new Decision(true, List.of(rule.name()), evaluation.cacheable);
                }
            }
            return new Decision(false, List.of(), evaluation.cacheable);
        }

        Optional<AppliedFilter> rowFilter(RequestInfo request, ResourceName relation)
        {
            Evaluation evaluation = new Evaluation(request, relation, "");
            List<String> expressions = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (RowFilterRule rule : filters.covering(relation)) {
                if (!evaluation.tagsMatch(rule)) {
                    continue;
                }
                Condition.Outcome outcome = evaluation.condition(rule);
                if (outcome == Condition.Outcome.FALSE) {
                    continue;
                }
                // a filter grants rows; one whose condition fails to evaluate, or that needs an attribute the user
                // lacks, grants none but still applies, so that the relation is not left unfiltered
                expressions.add(outcome == Condition.Outcome.ERROR ? "(false)" : rule.filter().render(subject, "").map(sql -> "(" + sql + ")").orElse("(false)"));
                names.add(rule.name());
            }
            if (expressions.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AppliedFilter(String.join(" OR ", expressions), policy.definer(), names));
        }

        MaskResult masks(RequestInfo request, ResourceName relation, List<Column> columns)
        {
            Map<String, AppliedMask> result = new LinkedHashMap<>();
            boolean cacheable = true;
            for (Column column : columns) {
                ResourceName resource = relation.child(column.name());
                Evaluation evaluation = new Evaluation(request, resource, column.type().getDisplayName());
                ColumnMaskRule best = null;
                MaskType.Fit bestFit = MaskType.Fit.NONE;
                for (ColumnMaskRule rule : masks.covering(resource)) {
                    MaskType.Fit fit = rule.type().fit(column.type());
                    // a mask is a restriction: a condition that fails to evaluate applies it
                    if (fit == MaskType.Fit.NONE || !evaluation.tagsMatch(rule) || evaluation.condition(rule) == Condition.Outcome.FALSE) {
                        continue;
                    }
                    if (best == null || MASK_ORDER.compare(new Candidate(fit, rule), new Candidate(bestFit, best)) < 0) {
                        best = rule;
                        bestFit = fit;
                    }
                }
                if (best != null) {
                    String expression = best.mask().render(subject, column.name())
                            .map(sql -> fitToLength(sql, column.type()))
                            .orElse("CAST(NULL AS %s)".formatted(column.type().getDisplayName()));
                    Optional<String> identity = best.runAsDefiner() ? policy.definer() : Optional.empty();
                    result.put(column.name(), new AppliedMask(column.name(), expression, identity, best.name()));
                }
                cacheable &= evaluation.cacheable;
            }
            return new MaskResult(Collections.unmodifiableMap(result), cacheable);
        }

        boolean mayDenyColumns(RequestInfo request, ResourceName relation)
        {
            Evaluation evaluation = new Evaluation(request, relation, "");
            for (PrivilegeRule rule : denies.reachingInto(relation)) {
                // tags are the columns' own, unknown here: a rule with tags may cover one of them
                if (rule.grants(Privilege.SELECT) && evaluation.condition(rule) != Condition.Outcome.FALSE) {
                    return true;
                }
            }
            return false;
        }

        boolean mayFilterOrMask(RequestInfo request, ResourceName resource)
        {
            if (subject.admin()) {
                return false;
            }
            Evaluation evaluation = new Evaluation(request, resource, "");
            for (RowFilterRule rule : filters.reachingInto(resource)) {
                if (evaluation.condition(rule) != Condition.Outcome.FALSE) {
                    return true;
                }
            }
            return !masks.reachingInto(resource).isEmpty();
        }

        /**
         * One resource's evaluation context, built lazily: tags and CEL variables only when a rule needs them.
         */
        private final class Evaluation
        {
            private final RequestInfo request;
            private final ResourceName resource;
            private final String type;
            private Set<String> resourceTags;
            private Map<String, Object> variables;
            private boolean cacheable = true;

            Evaluation(RequestInfo request, ResourceName resource, String type)
            {
                this.request = request;
                this.resource = resource;
                this.type = type;
            }

            boolean tagsMatch(Rule rule)
            {
                if (rule.tags().isEmpty()) {
                    return true;
                }
                Set<String> tags = tags();
                for (TagPattern pattern : rule.tags()) {
                    if (pattern.matchesAny(tags)) {
                        return true;
                    }
                }
                return false;
            }

            Condition.Outcome condition(Rule rule)
            {
                if (rule.condition().isEmpty()) {
                    return Condition.Outcome.TRUE;
                }
                Condition condition = rule.condition().get();
                if (condition.requestDependent()) {
                    cacheable = false;
                }
                return condition.evaluate(variables());
            }

            private Set<String> tags()
            {
                if (resourceTags == null) {
                    resourceTags = tags.tags(resource);
                }
                return resourceTags;
            }

            private Map<String, Object> variables()
            {
                if (variables == null) {
                    Map<String, Object> resourceVariables = Map.of(
                            "catalog", resource.catalog(),
                            "schema", resource.schema(),
                            "table", resource.relation(),
                            "column", resource.column(),
                            "type", type,
                            "tags", List.copyOf(tags()));
                    Map<String, Object> requestVariables = Map.of(
                            // CEL 0.14 represents timestamps as Instant; a protobuf Timestamp matches no overload
                            "time", request.time(),
                            "source", request.source(),
                            "client_tags", request.clientTags());
                    variables = Map.of(
                            ConditionCompiler.USER, userVariables,
                            ConditionCompiler.RESOURCE, resourceVariables,
                            ConditionCompiler.REQUEST, requestVariables);
                }
                return variables;
            }
        }
    }

    /**
     * A mask over a bounded {@code varchar(n)} or {@code char(n)} column must not return a longer type, or Trino
     * fails the query ("Expected column mask … to be of type varchar(15)"); a mask built from functions such
     * as {@code regexp_replace} returns an unbounded varchar, so it is cast to the column's type.
     */
    private static String fitToLength(String sql, Type type)
    {
        boolean bounded = (type instanceof VarcharType varchar && !varchar.isUnbounded()) || type instanceof CharType;
        return bounded ? "CAST((%s) AS %s)".formatted(sql, type.getDisplayName()) : sql;
    }

    private record Candidate(MaskType.Fit fit, ColumnMaskRule rule) {}

    /**
     * Which of several masks for one column wins: the best type fit (exact, then coercible, then any), then the
     * highest priority, then the rule written first.
     */
    private static final Comparator<Candidate> MASK_ORDER = Comparator
            .comparing(Candidate::fit)
            .thenComparing(candidate -> -candidate.rule().priority())
            .thenComparingInt(candidate -> candidate.rule().order());
}
