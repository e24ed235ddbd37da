package dev.floe.access.load;

import com.google.common.hash.Hashing;
import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.policy.AttributeValue;
import dev.floe.access.policy.AutoTagRule;
import dev.floe.access.policy.ColumnMaskRule;
import dev.floe.access.policy.Effect;
import dev.floe.access.policy.MaskType;
import dev.floe.access.policy.NamePattern;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.PrivilegeRule;
import dev.floe.access.policy.ResourceName;
import dev.floe.access.policy.ResourcePattern;
import dev.floe.access.policy.RowFilterRule;
import dev.floe.access.policy.TagAssignment;
import dev.floe.access.policy.TagName;
import dev.floe.access.policy.TagPattern;
import io.trino.spi.type.DoubleType;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

final class TestPolicyLoader
{
    private static final PolicyLoader LOADER = new PolicyLoader(new ConditionCompiler());

    // most snippets need a role to refer to
    private static final String ROLES = """
            roles:
              reader: {}
            """;

    @Test
    void loadsEverySection()
    {
        Policy policy = LOADER.load(resource("valid.yaml"));

        assertThat(policy.file()).endsWith("valid.yaml");
        assertThat(policy.roles().roles()).containsExactly("admin", "reader", "analyst");
        assertThat(policy.roles().parents("analyst")).containsExactly("reader");
        assertThat(policy.roles().closure(Set.of("analyst"))).containsExactlyInAnyOrder("analyst", "reader");
        assertThat(policy.adminRoles()).containsExactly("admin");
        assertThat(policy.definer()).contains("policy_owner");

        // bindings: names are matched lower-cased, a single role may be written without brackets
        assertThat(policy.userRoles()).isEqualTo(Map.of("alice", Set.of("analyst"), "bob", Set.of("reader")));
        assertThat(policy.groupRoles()).isEqualTo(Map.of("admins", Set.of("admin")));

        // attributes keep whether they were written as a list, which conditions and placeholders rely on
        Map<String, AttributeValue> alice = policy.userAttributes().get("alice");
        assertThat(alice.get("region")).isEqualTo(new AttributeValue(List.of("EU"), false));
        assertThat(alice.get("region").celValue()).isEqualTo("EU");
        assertThat(alice.get("regions")).isEqualTo(new AttributeValue(List.of("EU", "UK"), true));
        assertThat(alice.get("regions").celValue()).isEqualTo(List.of("EU", "UK"));
        assertThat(policy.groupAttributes().get("admins").get("region").values()).containsExactly("ALL");

        // one assignment per resource pattern, tags lower-cased, quoted segment kept whole
        assertThat(policy.tags()).extracting(TagAssignment::resource).extracting(ResourcePattern::text)
                .containsExactly("lakehouse.crm.customers", "lakehouse.\"odd.schema\".t");
        assertThat(policy.tags().get(1).resource().covers(ResourceName.of("lakehouse", "odd.schema", "t", "c"))).isTrue();
        assertThat(policy.tags().getFirst().tags()).extracting(TagName::value).containsExactly("pii", "finance.sensitive");
        assertThat(policy.tags().getFirst().location().line()).isEqualTo(30);

        // builtin: false leaves only the policy's own auto-tag rules
        assertThat(policy.autoTags()).extracting(AutoTagRule::name).containsExactly("tag-iban");
        AutoTagRule iban = policy.autoTags().getFirst();
        assertThat(iban.matches("Customer_IBAN_Number")).isTrue();
        assertThat(iban.matches("email")).isFalse();
        assertThat(iban.tags()).containsExactly(new TagName("pii.bank_account"));
        assertThat(iban.location().line()).isEqualTo(36);

        assertThat(policy.privileges()).extracting(PrivilegeRule::name).containsExactly("read-sales", "everything-crm", "no-drop");
        PrivilegeRule readSales = policy.privileges().get(0);
        assertThat(readSales.effect()).isEqualTo(Effect.ALLOW);
        assertThat(readSales.privileges()).containsExactlyInAnyOrder(Privilege.SELECT, Privilege.SHOW);
        assertThat(readSales.principals().roles()).containsExactly("reader");
        assertThat(readSales.resources()).extracting(ResourcePattern::text).containsExactly("lakehouse.sales.*");
        assertThat(readSales.condition()).isEmpty();
        assertThat(readSales.location().toString()).endsWith("valid.yaml:41");

        PrivilegeRule everything = policy.privileges().get(1);
        assertThat(everything.privileges()).isEqualTo(EnumSet.allOf(Privilege.class));
        assertThat(everything.principals().users()).containsExactly(NamePattern.of("svc_*"));
        assertThat(everything.principals().groups()).containsExactly(NamePattern.of("analysts"));
        assertThat(everything.tags()).containsExactly(new TagPattern("pii.*"));
        assertThat(everything.condition().orElseThrow().text()).isEqualTo("request.source == \"dashboards\"");
        assertThat(everything.condition().orElseThrow().requestDependent()).isTrue();

        PrivilegeRule noDrop = policy.privileges().get(2);
        assertThat(noDrop.effect()).isEqualTo(Effect.DENY);
        assertThat(noDrop.privileges()).containsExactlyInAnyOrder(Privilege.DROP, Privilege.OWNERSHIP);
        // a denied OWNERSHIP does not deny the privileges an allowed one would imply
        assertThat(noDrop.grants(Privilege.SELECT)).isFalse();
        assertThat(noDrop.resources()).containsExactly(ResourcePattern.ALL);

        RowFilterRule filter = policy.rowFilters().getFirst();
        assertThat(filter.name()).isEqualTo("own-region");
        assertThat(filter.filter().text()).isEqualTo("region IN $USER_ATTRIBUTE_LIST('regions')");
        assertThat(filter.filter().attributes()).containsExactly("regions");
        assertThat(filter.condition().orElseThrow().requestDependent()).isFalse();
        assertThat(filter.location().line()).isEqualTo(58);

        assertThat(policy.columnMasks()).extracting(ColumnMaskRule::name).containsExactly("mask-email", "negate-amount");
        ColumnMaskRule email = policy.columnMasks().get(0);
        assertThat(email.type()).isEqualTo(new MaskType("varchar"));
        assertThat(email.tags()).containsExactly(new TagPattern("pii.email"));
        assertThat(email.resources()).containsExactly(ResourcePattern.ALL);
        assertThat(email.priority()).isEqualTo(5);
        assertThat(email.runAsDefiner()).isFalse();
        assertThat(email.order()).isEqualTo(0);
        ColumnMaskRule amount = policy.columnMasks().get(1);
        // 'double precision' is spelt the way Trino names the type, so it fits double columns
        assertThat(amount.type().fit(DoubleType.DOUBLE)).isEqualTo(MaskType.Fit.EXACT);
        assertThat(amount.runAsDefiner()).isTrue();
        assertThat(amount.priority()).isZero();
        assertThat(amount.order()).isEqualTo(1);
        assertThat(amount.mask().usesColumn()).isTrue();
    }

    @Test
    void versionIsTheDigestOfTheBytes()
    {
        byte[] bytes = ROLES.getBytes(UTF_8);
        assertThat(LOADER.parse("test.yaml", bytes).version()).isEqualTo(Hashing.sha256().hashBytes(bytes).toString());
    }

    @Test
    void builtinAutoTagsAreOnUnlessTurnedOff()
    {
        List<AutoTagRule> builtin = parse(ROLES).autoTags();
        assertThat(builtin).extracting(AutoTagRule::name).contains("builtin-email", "builtin-phone", "builtin-ssn", "builtin-birth-date");
        assertThat(tagsOf(builtin, "email")).containsExactly("pii.email");
        assertThat(tagsOf(builtin, "Customer_EMAIL_Address")).containsExactly("pii.email");
        assertThat(tagsOf(builtin, "date_of_birth")).containsExactly("pii.birth_date");
        assertThat(tagsOf(builtin, "Last_Name")).containsExactly("pii.name");
        assertThat(tagsOf(builtin, "customer_first_name")).containsExactly("pii.name");
        // kept narrow: a business column named like a person's attribute is not personal data by name alone
        assertThat(tagsOf(builtin, "name")).isEmpty();
        assertThat(tagsOf(builtin, "pipeline")).isEmpty();

        List<AutoTagRule> own = parse(ROLES + """
                auto_tags:
                  rules:
                    - name: tag-secret
                      columns: secret_.*
                      tags: restricted
                """).autoTags();
        assertThat(own).extracting(AutoTagRule::name).startsWith("tag-secret").contains("builtin-email");

        assertThat(parse(ROLES + """
                auto_tags:
                  builtin: false
                """).autoTags()).isEmpty();
    }

    @Test
    void unknownTopLevelKey()
    {
        assertThat(onlyProblem(ROLES + """
                privilege:
                  - name: x
                """)).startsWith("test.yaml:3: unknown key 'privilege'; expected one of format, admin_roles, ");
    }

    @Test
    void unknownRuleKey()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: read
                    roles: [reader]
                    allow: SELECT
                    on: a.b
                    whem: 'true'
                """)).startsWith("test.yaml:8: rule 'read': unknown key 'whem'; expected one of name, allow, deny, on, tags, when");
        assertThat(onlyProblem(ROLES + """
                column_masks:
                  - name: hide
                    roles: [reader]
                    on: a.b.c.d
                    mask: mask_null(@column)
                    prority: 5
                """)).startsWith("test.yaml:8: column mask 'hide': unknown key 'prority'");
        assertThat(problems(ROLES + """
                auto_tags:
                  rules:
                    - name: secrets
                      column: secret
                      tags: restricted
                """)).containsExactly(
                "test.yaml:5: rule 'secrets': 'columns' is missing",
                "test.yaml:6: rule 'secrets': unknown key 'column'; expected one of name, columns, tags");
    }

    @Test
    void missingName()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - roles: [reader]
                    allow: SELECT
                    on: a.b
                """)).isEqualTo("test.yaml:4: privileges[0]: has no 'name'; names appear in errors, explanations and audit records");
    }

    @Test
    void duplicateRuleNames()
    {
        // names are unique across sections: audit records and explanations name rules alone
        assertThat(problems(ROLES + """
                privileges:
                  - name: read
                    roles: [reader]
                    allow: SELECT
                    on: a.b
                  - name: read
                    roles: [reader]
                    allow: SHOW
                    on: a.c
                column_masks:
                  - name: read
                    roles: [reader]
                    on: a.b.c
                    mask: mask_null(@column)
                """)).containsExactly(
                "test.yaml:8: privileges[1]: the name 'read' is used by another rule",
                "test.yaml:13: column_masks[0]: the name 'read' is used by another rule");
    }

    @Test
    void unknownRoles()
    {
        assertThat(problems("""
                admin_roles: [root]
                roles:
                  reader: {inherits: [base]}
                bindings:
                  users:
                    alice: [reder]
                  groups:
                    staff:
                      - reader
                      - staf
                privileges:
                  - name: read
                    roles: [reader, readers]
                    allow: SELECT
                    on: a.b
                  - name: read-more
                    roles: [readers]
                    allow: SELECT
                    on: a.c
                """)).containsExactly(
                "test.yaml:1: admin_roles: unknown role 'root'; roles are declared under 'roles'",
                "test.yaml:3: role 'reader': unknown role 'base'; roles are declared under 'roles'",
                "test.yaml:6: binding of user 'alice': unknown role 'reder'; roles are declared under 'roles'",
                "test.yaml:10: binding of group 'staff': unknown role 'staf'; roles are declared under 'roles'",
                "test.yaml:13: rule 'read': unknown role 'readers'; roles are declared under 'roles'",
                "test.yaml:17: rule 'read-more': unknown role 'readers'; roles are declared under 'roles'");
    }

    @Test
    void roleCycle()
    {
        assertThat(onlyProblem("""
                roles:
                  base: {}
                  a: {inherits: [base, b]}
                  b:
                    inherits: c
                  c: {inherits: [a]}
                """)).isEqualTo("test.yaml:2: roles: roles inherit in a cycle: a -> b -> c -> a");
        assertThat(onlyProblem("""
                roles:
                  a: {inherits: a}
                """)).isEqualTo("test.yaml:2: roles: roles inherit in a cycle: a -> a");
    }

    @Test
    void badPrivilegeName()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: read
                    roles: reader
                    allow: [SELECT, READ]
                    on: a.b
                """)).isEqualTo("test.yaml:6: rule 'read': unknown privilege 'READ'; expected ALL or one of " + EnumSet.allOf(Privilege.class));
    }

    @Test
    void allowAndDenyTogether()
    {
        // the rest of the rule is still checked
        assertThat(problems(ROLES + """
                privileges:
                  - name: both
                    roles: reader
                    allow: SELECT
                    deny: INSERT
                    on: a b
                """)).containsExactly(
                "test.yaml:4: rule 'both': give exactly one of 'allow' or 'deny' with the privileges",
                "test.yaml:8: rule 'both': resource pattern 'a b' contains white space; quote the name");
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: neither
                    roles: reader
                    on: a
                """)).isEqualTo("test.yaml:4: rule 'neither': give exactly one of 'allow' or 'deny' with the privileges");
    }

    @Test
    void emptyPrivilegeList()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: nothing
                    roles: reader
                    allow: []
                    on: a
                """)).isEqualTo("test.yaml:6: rule 'nothing': lists no privilege");
    }

    @Test
    void emptyResourceAndTagLists()
    {
        // tags: [] would otherwise lift the rule's tag constraint and allow SELECT everywhere
        assertThat(problems(ROLES + """
                privileges:
                  - name: no-tags
                    roles: reader
                    allow: SELECT
                    tags: []
                  - name: nowhere
                    roles: reader
                    deny: SELECT
                    on: []
                tags:
                  - on: a.b
                    tags: []
                """)).containsExactly(
                "test.yaml:7: rule 'no-tags': 'tags' is an empty list; leave it out or name at least one",
                "test.yaml:11: rule 'nowhere': 'on' is an empty list; leave it out or name at least one",
                "test.yaml:14: tags[0]: 'tags' is an empty list; leave it out or name at least one");
    }

    @Test
    void repeatedKey()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: twice
                    roles: reader
                    allow: SELECT
                    on: a
                    on: b
                """)).isEqualTo("test.yaml:8: rule 'twice': key 'on' is repeated");
    }

    @Test
    void ruleWithoutPrincipals()
    {
        assertThat(problems(ROLES + """
                privileges:
                  - name: nobody
                    allow: SELECT
                    on: a
                row_filters:
                  - name: nobody-filter
                    on: a.b.c
                    filter: 'true'
                column_masks:
                  - name: nobody-mask
                    users: []
                    on: a.b.c
                    mask: mask_null(@column)
                """)).containsExactly(
                "test.yaml:4: rule 'nobody': names no users, groups or roles; write users: ['*'] for everyone",
                "test.yaml:8: row filter 'nobody-filter': names no users, groups or roles; write users: ['*'] for everyone",
                "test.yaml:12: column mask 'nobody-mask': names no users, groups or roles; write users: ['*'] for everyone");
    }

    @Test
    void celErrors()
    {
        assertThat(problems(ROLES + """
                privileges:
                  - name: syntax
                    roles: reader
                    allow: SELECT
                    on: a
                    when: user.name ==
                  - name: not-boolean
                    roles: reader
                    allow: SELECT
                    on: a
                    when: size(user.groups) + 1
                  - name: unknown-variable
                    roles: reader
                    allow: SELECT
                    on: a
                    when: session.user == "x"
                """)).satisfiesExactly(
                problem -> assertThat(problem)
                        .startsWith("test.yaml:8: rule 'syntax': condition does not compile: ERROR: <input>:1:13: ")
                        .contains("mismatched input '<EOF>'"),
                problem -> assertThat(problem)
                        .startsWith("test.yaml:13: rule 'not-boolean': condition does not compile: ERROR: <input>:1:")
                        .contains("expected type 'bool' but found 'int'"),
                problem -> assertThat(problem)
                        .startsWith("test.yaml:18: rule 'unknown-variable': condition does not compile: ERROR: <input>:1:1: ")
                        .contains("undeclared reference to 'session'"));
    }

    @Test
    void sqlSyntaxErrors()
    {
        // line:column point into the SQL as written, placeholders included
        assertThat(problems(ROLES + """
                row_filters:
                  - name: region
                    roles: reader
                    on: a.b.c
                    filter: region = $USER_ATTRIBUTE('region') AND AND x
                  - name: multi-line
                    roles: reader
                    on: a.b.c
                    filter: |
                      region = $USER_ATTRIBUTE_LIST(
                        'regions')
                      AND AND x
                column_masks:
                  - name: email
                    roles: reader
                    on: a.b.c.email
                    mask: mask_email(@column
                """)).satisfiesExactly(
                problem -> assertThat(problem)
                        .startsWith("test.yaml:7: row filter 'region': filter is not a SQL expression: line 1:40: mismatched input 'AND'"),
                problem -> assertThat(problem)
                        .startsWith("test.yaml:11: row filter 'multi-line': filter is not a SQL expression: line 3:5: mismatched input 'AND'"),
                problem -> assertThat(problem)
                        .startsWith("test.yaml:19: column mask 'email': mask is not a SQL expression: line 1:19: mismatched input '<EOF>'"));
    }

    @Test
    void placeholdersInComments()
    {
        // an apostrophe in a comment does not hide the placeholder behind it
        RowFilterRule filter = parse(ROLES + """
                row_filters:
                  - name: region
                    roles: reader
                    on: a.b.c
                    filter: |
                      -- the user's own region
                      region = $USER_ATTRIBUTE('region') /* a user's */ OR owner = $USER_NAME
                """).rowFilters().getFirst();
        assertThat(filter.filter().attributes()).containsExactly("region");
    }

    @Test
    void maskAndFilterColumnPlaceholder()
    {
        assertThat(problems(ROLES + """
                row_filters:
                  - name: uses-column
                    roles: reader
                    on: a.b.c
                    filter: "@column IS NOT NULL"
                column_masks:
                  - name: constant
                    roles: reader
                    on: a.b.c.d
                    mask: "'@column'"
                """)).containsExactly(
                "test.yaml:7: row filter 'uses-column': @column is for masks; a row filter names its columns",
                "test.yaml:12: column mask 'constant': the mask does not use @column, the value it masks; write e.g. mask_email(@column), or NULL as mask_null(@column)");
    }

    @Test
    void unknownPlaceholder()
    {
        assertThat(onlyProblem(ROLES + """
                row_filters:
                  - name: groups
                    roles: reader
                    on: a.b.c
                    filter: team IN $USER_GROUPS
                """)).startsWith("test.yaml:7: row filter 'groups': filter: unknown placeholder at '$USER_GROUPS'");
    }

    @Test
    void badMaskType()
    {
        assertThat(problems(ROLES + """
                column_masks:
                  - name: misspelt
                    roles: reader
                    on: a.b.c.d
                    type: varchr
                    mask: mask_null(@column)
                  - name: misspelt-element
                    roles: reader
                    on: a.b.c.d
                    type: array(varchr(10))
                    mask: mask_null(@column)
                  - name: unparseable
                    roles: reader
                    on: a.b.c.d
                    type: varchar(
                    mask: mask_null(@column)
                """)).satisfiesExactly(
                problem -> assertThat(problem).startsWith("test.yaml:7: column mask 'misspelt': 'varchr' is not a SQL type: unknown type 'varchr'; expected any or one of boolean, "),
                problem -> assertThat(problem).startsWith("test.yaml:12: column mask 'misspelt-element': 'array(varchr(10))' is not a SQL type: unknown type 'varchr'"),
                problem -> assertThat(problem).startsWith("test.yaml:17: column mask 'unparseable': 'varchar(' is not a SQL type: "));

        // the types with their own syntax, nested and parameterised types are accepted
        assertThat(parse(ROLES + """
                column_masks:
                  - name: a
                    roles: reader
                    on: a.b.c.d
                    type: timestamp(3) with time zone
                    mask: mask_null(@column)
                  - name: b
                    roles: reader
                    on: a.b.c.d
                    type: row(x map(varchar, array(decimal(12, 2))), y interval day to second)
                    mask: mask_null(@column)
                  - name: c
                    roles: reader
                    on: a.b.c.d
                    type: ANY
                    mask: mask_null(@column)
                """).columnMasks()).extracting(rule -> rule.type().text())
                .containsExactly("timestamp(3)withtimezone", "row(xmap(varchar,array(decimal(12,2))),yintervaldaytosecond)", "any");
    }

    @Test
    void runAsDefinerNeedsDefiner()
    {
        assertThat(onlyProblem(ROLES + """
                column_masks:
                  - name: lookup
                    roles: reader
                    on: a.b.c.d
                    run_as: definer
                    mask: mask_null(@column)
                """)).isEqualTo("test.yaml:7: column mask 'lookup': run_as: definer needs the top-level 'definer' identity");
    }

    @Test
    void badTagNames()
    {
        assertThat(problems(ROLES + """
                tags:
                  - on: a.b
                    tags: [pii, 'pii..email']
                privileges:
                  - name: tagged
                    roles: reader
                    allow: SELECT
                    tags: ['*.email']
                """)).containsExactly(
                "test.yaml:5: tags[0]: tag 'pii..email' is not dot-separated names of letters, digits, '_' and '-'",
                "test.yaml:10: rule 'tagged': tag '*.email' is not dot-separated names of letters, digits, '_' and '-'");
    }

    @Test
    void badResourcePatterns()
    {
        assertThat(problems(ROLES + """
                privileges:
                  - name: patterns
                    roles: reader
                    allow: SELECT
                    on:
                      - lakehouse.my schema
                      - lakehouse."my.schema
                      - a.b.c.d.e
                      - a..b
                """)).containsExactly(
                "test.yaml:8: rule 'patterns': resource pattern 'lakehouse.my schema' contains white space; quote the name",
                "test.yaml:9: rule 'patterns': resource pattern 'lakehouse.\"my.schema' has an unclosed quote",
                "test.yaml:10: rule 'patterns': resource pattern 'a.b.c.d.e' has 5 names; at most catalog.schema.relation.column",
                "test.yaml:11: rule 'patterns': resource pattern 'a..b' has an empty name");
    }

    @Test
    void filterAndMaskPatternLevels()
    {
        assertThat(problems(ROLES + """
                row_filters:
                  - name: schema-filter
                    roles: reader
                    on: a.b
                    filter: 'true'
                column_masks:
                  - name: schema-mask
                    roles: reader
                    on: a.b
                    mask: mask_null(@column)
                """)).containsExactly(
                "test.yaml:6: row filter 'schema-filter': 'a.b' does not name relations; row filters apply to catalog.schema.relation patterns",
                "test.yaml:11: column mask 'schema-mask': 'a.b' is above relations; masks apply to catalog.schema.relation[.column] patterns");
    }

    @Test
    void invalidAutoTagRegex()
    {
        assertThat(onlyProblem(ROLES + """
                auto_tags:
                  rules:
                    - name: broken
                      columns: 'card_(number'
                      tags: pii.credit_card
                """)).startsWith("test.yaml:6: rule 'broken': 'columns' is not a valid regular expression: Unclosed group");
    }

    @Test
    void emptyFile()
    {
        for (String empty : List.of("", "# nothing but a comment\n", "---\n", "~\n")) {
            assertThat(onlyProblem(empty)).isEqualTo("test.yaml: the file is empty; an empty policy would deny everything, write it out if that is meant");
        }
    }

    @Test
    void invalidYaml()
    {
        assertThat(onlyProblem(ROLES + """
                privileges:
                  - name: read
                    allow: [SELECT
                    on: a
                """)).startsWith("test.yaml:").contains("not valid YAML");
        assertThat(onlyProblem("""
                roles:
                  reader: {}
                   bad: indentation
                """)).isEqualTo("test.yaml:3: not valid YAML: expected <block end>, but found '<block mapping start>'");
        assertThat(onlyProblem("""
                roles:
                  reader: {}
                ---
                roles: {}
                """)).isEqualTo("test.yaml:3: not valid YAML: but found another document");
    }

    @Test
    void shapeErrors()
    {
        assertThat(problems("""
                roles: [reader]
                privileges:
                  name: read
                attributes:
                  users:
                    alice:
                      region: {nested: value}
                """)).containsExactly(
                "test.yaml:1: roles: expected a mapping of names",
                "test.yaml:3: privileges: expected a list",
                "test.yaml:7: attributes of user 'alice', attribute 'region': expected a single value");
    }

    @Test
    void unsupportedFormat()
    {
        assertThat(onlyProblem("format: 2\n" + ROLES)).isEqualTo("test.yaml:1: format: unsupported format 2; this plugin reads format 1");
        assertThat(onlyProblem("format: one\n" + ROLES)).isEqualTo("test.yaml:1: format: 'one' is not an integer");
    }

    @Test
    void everyProblemOfAFileAtOnce()
    {
        Path file = resource("many-problems.yaml");
        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOfSatisfying(PolicyException.class, exception -> {
                    assertThat(exception.getMessage()).startsWith("Invalid policy file " + file + ":");
                    // in the order of the lines
                    assertThat(exception.problems()).satisfiesExactly(
                            problem -> assertThat(problem).isEqualTo(file + ":7: binding of user 'alice': unknown role 'reder'; roles are declared under 'roles'"),
                            problem -> assertThat(problem).startsWith(file + ":11: rule 'read': unknown privilege 'READ'"),
                            problem -> assertThat(problem).isEqualTo(file + ":13: privileges[1]: the name 'read' is used by another rule"),
                            problem -> assertThat(problem).startsWith(file + ":17: rule 'read': condition does not compile: "),
                            problem -> assertThat(problem).startsWith(file + ":22: row filter 'broken-filter': filter is not a SQL expression: line 1:10: "),
                            problem -> assertThat(problem).startsWith(file + ":27: column mask 'no-column': the mask does not use @column"));
                });
    }

    @Test
    void unreadableFile()
    {
        Path missing = Path.of("/nonexistent/policy.yaml");
        assertThatThrownBy(() -> LOADER.load(missing))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("/nonexistent/policy.yaml: cannot read");
    }

    private static Policy parse(String yaml)
    {
        return LOADER.parse("test.yaml", yaml.getBytes(UTF_8));
    }

    private static List<String> problems(String yaml)
    {
        try {
            parse(yaml);
        }
        catch (PolicyException e) {
            assertThat(e.getMessage()).startsWith("Invalid policy file test.yaml:");
            return e.problems();
        }
        return fail("the policy was accepted:%n%s", yaml);
    }

    private static String onlyProblem(String yaml)
    {
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.getFirst();
    }

    private static List<String> tagsOf(List<AutoTagRule> rules, String column)
    {
        return rules.stream()
                .filter(rule -> rule.matches(column))
                .flatMap(rule -> rule.tags().stream())
                .map(TagName::value)
                .toList();
    }

    private static Path resource(String name)
    {
        try {
            return Path.of(Objects.requireNonNull(TestPolicyLoader.class.getResource("/policies/" + name), name).toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
