package dev.floe.access.load;

import com.google.common.hash.Hashing;
import com.google.inject.Inject;
import dev.floe.access.condition.Condition;
import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.policy.AttributeValue;
import dev.floe.access.policy.AutoTagRule;
import dev.floe.access.policy.ColumnMaskRule;
import dev.floe.access.policy.Effect;
import dev.floe.access.policy.MaskType;
import dev.floe.access.policy.NamePattern;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.Principals;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.PrivilegeRule;
import dev.floe.access.policy.ResourcePattern;
import dev.floe.access.policy.RoleGraph;
import dev.floe.access.policy.RowFilterRule;
import dev.floe.access.policy.SourceLocation;
import dev.floe.access.policy.SqlTemplate;
import dev.floe.access.policy.TagAssignment;
import dev.floe.access.policy.TagName;
import dev.floe.access.policy.TagPattern;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DataType;
import io.trino.sql.tree.DataTypeParameter;
import io.trino.sql.tree.GenericDataType;
import io.trino.sql.tree.RowDataType;
import io.trino.sql.tree.TypeParameter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Reads a policy file and validates all of it: its shape, names of roles and privileges, role cycles, CEL
 * conditions, the SQL syntax of filters and masks, mask types and tag names. Every problem is reported with the
 * file, line and rule, and any problem rejects the whole file: a policy is used whole or not at all.
 */
public final class PolicyLoader
{
    private static final Set<String> TOP_LEVEL = orderedSet("format", "admin_roles", "definer", "roles", "bindings", "attributes",
            "tags", "auto_tags", "privileges", "row_filters", "column_masks");
    private static final Set<String> PRINCIPAL_KEYS = orderedSet("users", "groups", "roles");
    private static final Set<String> PRIVILEGE_KEYS = withPrincipals("name", "allow", "deny", "on", "tags", "when", "description");
    private static final Set<String> FILTER_KEYS = withPrincipals("name", "on", "tags", "when", "filter", "description");
    private static final Set<String> MASK_KEYS = withPrincipals("name", "on", "tags", "when", "type", "mask", "priority", "run_as", "description");
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    // the types named by a plain name (time, timestamp and intervals have their own syntax)
    private static final Set<String> TYPE_NAMES = orderedSet("boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal",
            "varchar", "char", "varbinary", "json", "date", "uuid", "ipaddress", "array", "map", "row", "hyperloglog", "p4hyperloglog", "qdigest",
            "tdigest", "setdigest", "geometry", "sphericalgeography", "bingtile", "color");

    private final ConditionCompiler conditions;
    private final SqlParser sqlParser = new SqlParser();

    @Inject
    public PolicyLoader(ConditionCompiler conditions)
    {
        this.conditions = requireNonNull(conditions, "conditions is null");
    }

    public Policy load(Path path)
    {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new PolicyException(path.toString(), List.of("%s: larger than %s bytes".formatted(path, MAX_FILE_BYTES)));
            }
            bytes = Files.readAllBytes(path);
        }
        catch (IOException e) {
            throw new PolicyException(path.toString(), List.of("%s: cannot read: %s".formatted(path, e)));
        }
        return parse(path.toString(), bytes);
    }

    public Policy parse(String file, byte[] bytes)
    {
        String version = Hashing.sha256().hashBytes(bytes).toString();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(16);
            options.setAllowRecursiveKeys(false);
            root = new Yaml(options).compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        }
        catch (MarkedYAMLException e) {
            throw new PolicyException(file, List.of("%s:%s: not valid YAML: %s".formatted(file, e.getProblemMark().getLine() + 1, e.getProblem())));
        }
        catch (YAMLException e) {
            throw new PolicyException(file, List.of("%s: not valid YAML: %s".formatted(file, e.getMessage())));
        }
        // no document, or one with nothing in it ("---", "~")
        if (root == null || (root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL))) {
            throw new PolicyException(file, List.of(file + ": the file is empty; an empty policy would deny everything, write it out if that is meant"));
        }
        return new Reader(new YamlTree(file), version).read(root);
    }

    private final class Reader
    {
        private final YamlTree yaml;
        private final String version;
        private final Set<String> ruleNames = new HashSet<>();
        private final List<RoleReference> roleReferences = new ArrayList<>();
        private boolean hasDefiner;

        Reader(YamlTree yaml, String version)
        {
            this.yaml = yaml;
            this.version = version;
        }

        Policy read(Node root)
        {
            Map<String, Node> top = yaml.mapping(root, "", TOP_LEVEL);
            if (top.containsKey("format")) {
                yaml.integer(top.get("format"), "format").filter(format -> format != 1)
                        .ifPresent(format -> yaml.problem(top.get("format"), "format", "unsupported format %s; this plugin reads format 1".formatted(format)));
            }
            RoleGraph roles = roles(top.get("roles"));
            Set<String> adminRoles = new LinkedHashSet<>(roleList(top.get("admin_roles"), "admin_roles"));
            Optional<String> definer = Optional.ofNullable(top.get("definer")).flatMap(node -> yaml.nonEmptyScalar(node, "definer"));
            hasDefiner = definer.isPresent();
            Map<String, Set<String>> userRoles = new HashMap<>();
            Map<String, Set<String>> groupRoles = new HashMap<>();
            bindings(top.get("bindings"), userRoles, groupRoles);
            Map<String, Map<String, AttributeValue>> userAttributes = new HashMap<>();
            Map<String, Map<String, AttributeValue>> groupAttributes = new HashMap<>();
            attributes(top.get("attributes"), userAttributes, groupAttributes);
            List<TagAssignment> tags = tags(top.get("tags"));
            List<AutoTagRule> autoTags = autoTags(top.get("auto_tags"));
            List<PrivilegeRule> privileges = list(top.get("privileges"), "privileges", this::privilege);
            List<RowFilterRule> rowFilters = list(top.get("row_filters"), "row_filters", this::rowFilter);
            List<ColumnMaskRule> masks = new ArrayList<>();
            List<Node> maskNodes = top.containsKey("column_masks") ? yaml.sequence(top.get("column_masks"), "column_masks") : List.of();
            for (int i = 0; i < maskNodes.size(); i++) {
                columnMask(maskNodes.get(i), i).ifPresent(masks::add);
            }

            // every reference, so that each line to fix is named
            for (RoleReference reference : roleReferences) {
                if (!roles.contains(reference.role())) {
                    yaml.problem(reference.node(), reference.context(), "unknown role '%s'; roles are declared under 'roles'".formatted(reference.role()));
                }
            }
            roles.findCycle().ifPresent(cycle -> yaml.problem(top.get("roles"), "roles", "roles inherit in a cycle: " + String.join(" -> ", cycle)));

            if (!yaml.problems().isEmpty()) {
                throw new PolicyException(yaml.file(), yaml.problems());
            }
            return new Policy(yaml.file(), version, Instant.now(), roles, adminRoles, definer, userRoles, groupRoles, userAttributes, groupAttributes,
                    tags, autoTags, privileges, rowFilters, masks);
        }

        private RoleGraph roles(Node node)
        {
            Map<String, Set<String>> inherits = new LinkedHashMap<>();
            if (node == null) {
                return new RoleGraph(inherits);
            }
            yaml.mapping(node, "roles", Set.of()).forEach((role, definition) -> {
                String context = "role '%s'".formatted(role);
                Set<String> parents = new LinkedHashSet<>();
                if (!(definition instanceof ScalarNode scalar && scalar.getValue().isEmpty())) {
                    Map<String, Node> fields = yaml.mapping(definition, context, orderedSet("inherits", "description"));
                    if (fields.containsKey("inherits")) {
                        parents.addAll(roleList(fields.get("inherits"), context));
                    }
                }
                inherits.put(role, parents);
            });
            return new RoleGraph(inherits);
        }

        private List<String> roleList(Node node, String context)
        {
            if (node == null) {
                return List.of();
            }
            List<String> roles = new ArrayList<>();
            for (YamlTree.Scalar role : yaml.scalars(node, context)) {
                roleReferences.add(new RoleReference(role.value(), role.node(), context));
                roles.add(role.value());
            }
            return roles;
        }

        private void bindings(Node node, Map<String, Set<String>> userRoles, Map<String, Set<String>> groupRoles)
        {
            if (node == null) {
                return;
            }
            Map<String, Node> sections = yaml.mapping(node, "bindings", orderedSet("users", "groups"));
            if (sections.containsKey("users")) {
                yaml.mapping(sections.get("users"), "bindings.users", Set.of())
                        .forEach((user, roles) -> userRoles.put(user.toLowerCase(Locale.ROOT), Set.copyOf(roleList(roles, "binding of user '%s'".formatted(user)))));
            }
            if (sections.containsKey("groups")) {
                yaml.mapping(sections.get("groups"), "bindings.groups", Set.of())
                        .forEach((group, roles) -> groupRoles.put(group.toLowerCase(Locale.ROOT), Set.copyOf(roleList(roles, "binding of group '%s'".formatted(group)))));
            }
        }

        private void attributes(Node node, Map<String, Map<String, AttributeValue>> users, Map<String, Map<String, AttributeValue>> groups)
        {
            if (node == null) {
                return;
            }
            Map<String, Node> sections = yaml.mapping(node, "attributes", orderedSet("users", "groups"));
            for (String section : List.of("users", "groups")) {
                if (!sections.containsKey(section)) {
                    continue;
                }
                Map<String, Map<String, AttributeValue>> target = section.equals("users") ? users : groups;
                yaml.mapping(sections.get(section), "attributes." + section, Set.of()).forEach((principal, values) -> {
                    String context = "attributes of %s '%s'".formatted(section.equals("users") ? "user" : "group", principal);
                    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
                    yaml.mapping(values, context, Set.of()).forEach((name, value) -> attributes.put(name,
                            new AttributeValue(yaml.strings(value, context + ", attribute '" + name + "'"), value instanceof SequenceNode)));
                    target.put(principal.toLowerCase(Locale.ROOT), attributes);
                });
            }
        }

        private List<TagAssignment> tags(Node node)
        {
            List<TagAssignment> tags = new ArrayList<>();
            if (node == null) {
                return tags;
            }
            List<Node> entries = yaml.sequence(node, "tags");
            for (int i = 0; i < entries.size(); i++) {
                Node entry = entries.get(i);
                String context = "tags[%s]".formatted(i);
                Map<String, Node> fields = yaml.mapping(entry, context, orderedSet("on", "tags"));
                List<ResourcePattern> resources = required(fields, "on", entry, context) ? patterns(fields.get("on"), context) : List.of();
                List<TagName> names = required(fields, "tags", entry, context) ? tagNames(fields.get("tags"), context) : List.of();
                SourceLocation location = location(entry);
                for (ResourcePattern resource : resources) {
                    tags.add(new TagAssignment(location, resource, names));
                }
            }
            return tags;
        }

        private List<AutoTagRule> autoTags(Node node)
        {
            List<AutoTagRule> rules = new ArrayList<>();
            boolean builtin = true;
            if (node != null) {
                Map<String, Node> fields = yaml.mapping(node, "auto_tags", orderedSet("builtin", "rules"));
                if (fields.containsKey("builtin")) {
                    builtin = yaml.bool(fields.get("builtin"), "auto_tags.builtin").orElse(true);
                }
                List<Node> entries = fields.containsKey("rules") ? yaml.sequence(fields.get("rules"), "auto_tags.rules") : List.of();
                for (int i = 0; i < entries.size(); i++) {
                    Node entry = entries.get(i);
                    Map<String, Node> rule = yaml.mapping(entry, keyContext("rule", entry, "auto_tags.rules", i), orderedSet("name", "columns", "tags"));
                    String name = ruleName(rule, entry, "auto_tags.rules", i);
                    String context = "rule '%s'".formatted(name);
                    Optional<Pattern> columns = required(rule, "columns", entry, context) ? columnRegex(rule.get("columns"), context) : Optional.empty();
                    List<TagName> names = required(rule, "tags", entry, context) ? tagNames(rule.get("tags"), context) : List.of();
                    columns.ifPresent(regex -> rules.add(new AutoTagRule(name, location(entry), regex, names)));
                }
            }
            if (builtin) {
                for (BuiltinAutoTags.Entry entry : BuiltinAutoTags.ENTRIES) {
                    rules.add(new AutoTagRule(entry.name(), new SourceLocation("builtin", 0),
                            Pattern.compile(entry.columns(), Pattern.CASE_INSENSITIVE), List.of(new TagName(entry.tag()))));
                }
            }
            return rules;
        }

        private Optional<Pattern> columnRegex(Node node, String context)
        {
            return yaml.nonEmptyScalar(node, context).flatMap(text -> {
                try {
                    return Optional.of(Pattern.compile(text, Pattern.CASE_INSENSITIVE));
                }
                catch (PatternSyntaxException e) {
                    yaml.problem(node, context, "'columns' is not a valid regular expression: " + e.getDescription());
                    return Optional.empty();
                }
            });
        }

        private <T> List<T> list(Node node, String section, RuleReader<T> reader)
        {
            List<T> rules = new ArrayList<>();
            if (node == null) {
                return rules;
            }
            List<Node> entries = yaml.sequence(node, section);
            for (int i = 0; i < entries.size(); i++) {
                reader.read(entries.get(i), section, i).ifPresent(rules::add);
            }
            return rules;
        }

        private interface RuleReader<T>
        {
            Optional<T> read(Node node, String section, int index);
        }

        private Optional<PrivilegeRule> privilege(Node node, String section, int index)
        {
            Map<String, Node> fields = yaml.mapping(node, keyContext("rule", node, section, index), PRIVILEGE_KEYS);
            String name = ruleName(fields, node, section, index);
            String context = "rule '%s'".formatted(name);
            Principals principals = principals(fields, node, context);
            boolean allow = fields.containsKey("allow");
            // a malformed rule is still read to the end, so that all of its problems are reported at once
            boolean valid = true;
            if (allow == fields.containsKey("deny")) {
                yaml.problem(node, context, "give exactly one of 'allow' or 'deny' with the privileges");
                valid = false;
            }
            Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
            for (String key : List.of("allow", "deny")) {
                Node privilegeNode = fields.get(key);
                if (privilegeNode == null) {
                    continue;
                }
                Set<Privilege> listed = privileges(privilegeNode, context);
                valid &= !listed.isEmpty();
                privileges.addAll(listed);
            }
            List<ResourcePattern> resources = fields.containsKey("on") ? patterns(fields.get("on"), context) : List.of(ResourcePattern.ALL);
            List<TagPattern> tags = fields.containsKey("tags") ? tagPatterns(fields.get("tags"), context) : List.of();
            if (!fields.containsKey("on") && !fields.containsKey("tags")) {
                yaml.problem(node, context, "give 'on' (resource patterns, e.g. lakehouse.demo.*) or 'tags' or both; write on: '*' for everything");
            }
            Optional<Condition> condition = condition(fields, context);
            if (!valid) {
                return Optional.empty();
            }
            return Optional.of(new PrivilegeRule(name, location(node), allow ? Effect.ALLOW : Effect.DENY, privileges, principals, resources, tags, condition));
        }

        private Set<Privilege> privileges(Node node, String context)
        {
            Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
            List<YamlTree.Scalar> texts = yaml.scalars(node, context);
            if (node instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
                yaml.problem(node, context, "lists no privilege");
            }
            for (YamlTree.Scalar text : texts) {
                if (text.value().equalsIgnoreCase("ALL")) {
                    privileges.addAll(EnumSet.allOf(Privilege.class));
                    continue;
                }
                try {
                    privileges.add(Privilege.valueOf(text.value().toUpperCase(Locale.ROOT)));
                }
                catch (IllegalArgumentException _) {
                    yaml.problem(text.node(), context, "unknown privilege '%s'; expected ALL or one of %s".formatted(text.value(), EnumSet.allOf(Privilege.class)));
                }
            }
            return privileges;
        }

        private Optional<RowFilterRule> rowFilter(Node node, String section, int index)
        {
            Map<String, Node> fields = yaml.mapping(node, keyContext("row filter", node, section, index), FILTER_KEYS);
            String name = ruleName(fields, node, section, index);
            String context = "row filter '%s'".formatted(name);
            Principals principals = principals(fields, node, context);
            List<ResourcePattern> resources = required(fields, "on", node, context) ? patterns(fields.get("on"), context) : List.of();
            for (ResourcePattern resource : resources) {
                if (resource.level() != 3) {
                    yaml.problem(fields.get("on"), context, "'%s' does not name relations; row filters apply to catalog.schema.relation patterns".formatted(resource));
                }
            }
            List<TagPattern> tags = fields.containsKey("tags") ? tagPatterns(fields.get("tags"), context) : List.of();
            Optional<Condition> condition = condition(fields, context);
            Optional<SqlTemplate> filter = required(fields, "filter", node, context) ? sql(fields.get("filter"), context, "filter", false) : Optional.empty();
            return filter.map(sql -> new RowFilterRule(name, location(node), principals, resources, tags, condition, sql));
        }

        private Optional<ColumnMaskRule> columnMask(Node node, int index)
        {
            Map<String, Node> fields = yaml.mapping(node, keyContext("column mask", node, "column_masks", index), MASK_KEYS);
            String name = ruleName(fields, node, "column_masks", index);
            String context = "column mask '%s'".formatted(name);
            Principals principals = principals(fields, node, context);
            List<ResourcePattern> resources = fields.containsKey("on") ? patterns(fields.get("on"), context) : List.of(ResourcePattern.ALL);
            for (ResourcePattern resource : fields.containsKey("on") ? resources : List.<ResourcePattern>of()) {
                if (resource.level() < 3) {
                    yaml.problem(fields.get("on"), context, "'%s' is above relations; masks apply to catalog.schema.relation[.column] patterns".formatted(resource));
                }
            }
            List<TagPattern> tags = fields.containsKey("tags") ? tagPatterns(fields.get("tags"), context) : List.of();
            if (!fields.containsKey("on") && !fields.containsKey("tags")) {
                yaml.problem(node, context, "give 'on' (column patterns) or 'tags' or both");
            }
            MaskType type = MaskType.ANY_TYPE;
            if (fields.containsKey("type")) {
                Optional<String> text = yaml.nonEmptyScalar(fields.get("type"), context);
                if (text.isPresent() && !text.get().equalsIgnoreCase("any")) {
                    try {
                        DataType dataType = sqlParser.createType(text.get());
                        Optional<String> unknown = unknownTypeName(dataType);
                        if (unknown.isPresent()) {
                            // the parser takes any name as a type; a misspelt one would fit no column and the mask would never apply
                            yaml.problem(fields.get("type"), context, "'%s' is not a SQL type: unknown type '%s'; expected any or one of %s"
                                    .formatted(text.get(), unknown.get(), String.join(", ", TYPE_NAMES)));
                        }
                        else {
                            // the parser's spelling: 'double precision' is double, 'decimal(12, 2)' is decimal(12,2)
                            type = new MaskType(dataType.toString());
                        }
                    }
                    catch (ParsingException e) {
                        yaml.problem(fields.get("type"), context, "'%s' is not a SQL type: %s".formatted(text.get(), e.getErrorMessage()));
                    }
                }
            }
            int priority = fields.containsKey("priority") ? yaml.integer(fields.get("priority"), context).orElse(0) : 0;
            boolean runAsDefiner = false;
            if (fields.containsKey("run_as")) {
                Optional<String> runAs = yaml.nonEmptyScalar(fields.get("run_as"), context);
                if (runAs.isPresent()) {
                    switch (runAs.get()) {
                        case "definer" -> {
                            runAsDefiner = true;
                            if (!hasDefiner) {
                                yaml.problem(fields.get("run_as"), context, "run_as: definer needs the top-level 'definer' identity");
                            }
                        }
                        case "invoker" -> runAsDefiner = false;
                        default -> yaml.problem(fields.get("run_as"), context, "run_as is 'definer' or 'invoker', not '%s'".formatted(runAs.get()));
                    }
                }
            }
            Optional<Condition> condition = condition(fields, context);
            Optional<SqlTemplate> mask = required(fields, "mask", node, context) ? sql(fields.get("mask"), context, "mask", true) : Optional.empty();
            MaskType maskType = type;
            boolean definer = runAsDefiner;
            return mask.map(sql -> new ColumnMaskRule(name, location(node), principals, resources, tags, condition, maskType, sql, priority, definer, index));
        }

        private Optional<SqlTemplate> sql(Node node, String context, String what, boolean mask)
        {
            Optional<String> text = yaml.nonEmptyScalar(node, context);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            SqlTemplate template;
            try {
                template = SqlTemplate.parse(text.get());
            }
            catch (IllegalArgumentException e) {
                yaml.problem(node, context, what + ": " + e.getMessage());
                return Optional.empty();
            }
            if (mask && !template.usesColumn()) {
                yaml.problem(node, context, "the mask does not use @column, the value it masks; write e.g. mask_email(@column), or NULL as mask_null(@column)");
            }
            if (!mask && template.usesColumn()) {
                yaml.problem(node, context, "@column is for masks; a row filter names its columns");
            }
            try {
                sqlParser.createExpression(template.sample());
            }
            catch (ParsingException e) {
                yaml.problem(node, context, "%s is not a SQL expression: line %s:%s: %s".formatted(what, e.getLineNumber(), e.getColumnNumber(), e.getErrorMessage()));
                return Optional.empty();
            }
            return Optional.of(template);
        }

        private Principals principals(Map<String, Node> fields, Node node, String context)
        {
            List<NamePattern> users = fields.containsKey("users") ? yaml.strings(fields.get("users"), context).stream().map(NamePattern::of).toList() : List.of();
            List<NamePattern> groups = fields.containsKey("groups") ? yaml.strings(fields.get("groups"), context).stream().map(NamePattern::of).toList() : List.of();
            Set<String> roles = Set.copyOf(roleList(fields.get("roles"), context));
            Principals principals = new Principals(users, groups, roles);
            if (principals.isEmpty()) {
                yaml.problem(node, context, "names no users, groups or roles; write users: ['*'] for everyone");
            }
            return principals;
        }

        private Optional<Condition> condition(Map<String, Node> fields, String context)
        {
            Node node = fields.get("when");
            if (node == null) {
                return Optional.empty();
            }
            return yaml.nonEmptyScalar(node, context).flatMap(text -> {
                try {
                    return Optional.of(conditions.compile(text));
                }
                catch (IllegalArgumentException e) {
                    yaml.problem(node, context, "condition does not compile: " + e.getMessage());
                    return Optional.empty();
                }
            });
        }

        private List<ResourcePattern> patterns(Node node, String context)
        {
            return parsedList(node, context, "on", ResourcePattern::parse);
        }

        private List<TagName> tagNames(Node node, String context)
        {
            return parsedList(node, context, "tags", TagName::new);
        }

        private List<TagPattern> tagPatterns(Node node, String context)
        {
            return parsedList(node, context, "tags", TagPattern::new);
        }

        /**
         * A non-empty list of values, each parsed; a value the parser rejects is a problem at its own line.
         */
        private <T> List<T> parsedList(Node node, String context, String key, Function<String, T> parser)
        {
            notEmptyList(node, context, key);
            List<T> values = new ArrayList<>();
            for (YamlTree.Scalar text : yaml.scalars(node, context)) {
                try {
                    values.add(parser.apply(text.value()));
                }
                catch (IllegalArgumentException e) {
                    yaml.problem(text.node(), context, e.getMessage());
                }
            }
            return values;
        }

        /**
         * The context of problems with a rule's keys: its name when it has one, so that every problem names its rule.
         */
        private static String keyContext(String kind, Node node, String section, int index)
        {
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                            && tuple.getValueNode() instanceof ScalarNode name && !name.getValue().isBlank()) {
                        return "%s '%s'".formatted(kind, name.getValue().strip());
                    }
                }
            }
            return "%s[%s]".formatted(section, index);
        }

        private String ruleName(Map<String, Node> fields, Node node, String section, int index)
        {
            String fallback = "%s[%s]".formatted(section, index);
            if (!fields.containsKey("name")) {
                yaml.problem(node, fallback, "has no 'name'; names appear in errors, explanations and audit records");
                return fallback;
            }
            String name = yaml.nonEmptyScalar(fields.get("name"), fallback).orElse(fallback);
            if (!ruleNames.add(name)) {
                yaml.problem(fields.get("name"), fallback, "the name '%s' is used by another rule".formatted(name));
            }
            return name;
        }

        /**
         * An empty list is a mistake, not a way to say "everything" or "nothing": {@code tags: []} would drop the
         * rule's tag constraint, and {@code on: []} would make it apply nowhere.
         */
        private void notEmptyList(Node node, String context, String key)
        {
            if (node instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
                yaml.problem(node, context, "'%s' is an empty list; leave it out or name at least one".formatted(key));
            }
        }

        private boolean required(Map<String, Node> fields, String key, Node node, String context)
        {
            if (fields.containsKey(key)) {
                return true;
            }
            yaml.problem(node, context, "'%s' is missing".formatted(key));
            return false;
        }

        private SourceLocation location(Node node)
        {
            return new SourceLocation(yaml.file(), YamlTree.line(node));
        }
    }

    private record RoleReference(String role, Node node, String context) {}

    /**
     * The first name in the type that is not a Trino type (types of the plugins Trino ships included).
     */
    private static Optional<String> unknownTypeName(DataType type)
    {
        return switch (type) {
            case GenericDataType generic -> {
                String name = generic.getName().getValue().toLowerCase(Locale.ROOT);
                if (!TYPE_NAMES.contains(name)) {
                    yield Optional.of(name);
                }
                for (DataTypeParameter argument : generic.getArguments()) {
                    if (argument instanceof TypeParameter parameter) {
                        Optional<String> unknown = unknownTypeName(parameter.getValue());
                        if (unknown.isPresent()) {
                            yield unknown;
                        }
                    }
                }
                yield Optional.empty();
            }
            case RowDataType row -> row.getFields().stream()
                    .map(field -> unknownTypeName(field.getType()))
                    .flatMap(Optional::stream)
                    .findFirst();
            default -> Optional.empty();
        };
    }

    private static Set<String> orderedSet(String... values)
    {
        return new LinkedHashSet<>(List.of(values));
    }

    private static Set<String> withPrincipals(String... values)
    {
        Set<String> keys = orderedSet(values);
        keys.addAll(PRINCIPAL_KEYS);
        return keys;
    }
}
