package dev.floe.access.evaluation;

import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.load.PolicyLoader;
import dev.floe.access.policy.AttributeValue;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.ResourceName;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static dev.floe.access.policy.Privilege.DROP;
import static dev.floe.access.policy.Privilege.INSERT;
import static dev.floe.access.policy.Privilege.OWNERSHIP;
import static dev.floe.access.policy.Privilege.SELECT;
import static dev.floe.access.policy.Privilege.SHOW;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.createVarcharType;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestPolicyEvaluator
{
    private static final PolicyLoader LOADER = new PolicyLoader(new ConditionCompiler());
    private static final RequestInfo REQUEST = request("2025-06-02T10:15:00Z", "cli");
    // unbounded, as Iceberg columns are: a bounded one gets its mask cast (see masksOnBoundedVarcharAreCastToTheColumnType)
    private static final Type UNBOUNDED_VARCHAR = VarcharType.VARCHAR;

    @Test
    void denyWinsOverAllow()
    {
        PolicyEvaluator evaluator = evaluator("""
                roles: {reader: {}}
                bindings: {users: {alice: reader}}
                privileges:
                  - name: read-lakehouse
                    roles: reader
                    allow: [SELECT, SHOW]
                    on: lakehouse
                  - name: no-secrets
                    users: ['*']
                    deny: SELECT
                    on: lakehouse.secret
                """);
        assertThat(check(evaluator, "alice", "lakehouse.demo.t", SELECT)).isEqualTo(new Decision(true, List.of("read-lakehouse"), true));
        Decision denied = check(evaluator, "alice", "lakehouse.secret.t.c", SELECT);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.explanation()).isEqualTo("denied by no-secrets");
        // the deny is for SELECT only
        assertThat(allowed(evaluator, "alice", "lakehouse.secret.t", SHOW)).isTrue();
    }

    @Test
    void defaultDeny()
    {
        PolicyEvaluator evaluator = evaluator("""
                roles: {reader: {}}
                bindings: {users: {alice: reader}}
                privileges:
                  - name: read-demo
                    roles: reader
                    allow: SELECT
                    on: lakehouse.demo
                """);
        Decision nobody = check(evaluator, "bob", "lakehouse.demo.t", SELECT);
        assertThat(nobody).isEqualTo(new Decision(false, List.of(), true));
        assertThat(nobody.explanation()).isEqualTo("denied: no rule allows it");
        assertThat(allowed(evaluator, "alice", "lakehouse.demo.t", INSERT)).isFalse();
        assertThat(allowed(evaluator, "alice", "lakehouse.other.t", SELECT)).isFalse();
        assertThat(allowed(evaluator, "alice", "lakehouse", SELECT)).isFalse();
        assertThat(evaluator.grantsAnything(evaluator.subject("alice", Set.of()))).isTrue();
        assertThat(evaluator.grantsAnything(evaluator.subject("bob", Set.of()))).isFalse();
    }

    @Test
    void ownershipImpliesEveryOtherPrivilege()
    {
        PolicyEvaluator evaluator = evaluator("""
                privileges:
                  - name: own-sandbox
                    users: alice
                    allow: OWNERSHIP
                    on: lakehouse.sandbox_alice
                  - name: no-ownership-of-shared
                    users: alice
                    deny: OWNERSHIP
                    on: lakehouse.sandbox_alice.shared
                """);
        for (Privilege privilege : Privilege.values()) {
            assertThat(allowed(evaluator, "alice", "lakehouse.sandbox_alice.t", privilege)).as(privilege.name()).isTrue();
        }
        // denying OWNERSHIP denies ownership, not what an owner could otherwise do
        assertThat(allowed(evaluator, "alice", "lakehouse.sandbox_alice.shared", OWNERSHIP)).isFalse();
        assertThat(allowed(evaluator, "alice", "lakehouse.sandbox_alice.shared", DROP)).isTrue();
    }

    @Test
    void adminIsAllowedWhatNoDenyForbids()
    {
        PolicyEvaluator evaluator = evaluator("""
                admin_roles: [admin]
                roles: {admin: {}, ops: {inherits: admin}}
                bindings: {users: {root: ops}}
                privileges:
                  - name: keep-production
                    users: ['*']
                    deny: DROP
                    on: lakehouse.prod
                """);
        assertThat(evaluator.subject("root", Set.of()).admin()).isTrue();
        assertThat(check(evaluator, "root", "anything.at.all", DROP)).isEqualTo(new Decision(true, List.of("admin role"), true));
        assertThat(check(evaluator, "root", "lakehouse.prod.t", DROP)).isEqualTo(new Decision(false, List.of("keep-production"), true));
        assertThat(evaluator.visibility(evaluator.subject("root", Set.of()), REQUEST, name("hidden")).allowed()).isTrue();
        assertThat(evaluator.grantsAnything(evaluator.subject("root", Set.of()))).isTrue();
    }

    @Test
    void rolesAreInherited()
    {
        PolicyEvaluator evaluator = evaluator("""
                roles:
                  reader: {}
                  analyst: {inherits: reader}
                  lead: {inherits: [analyst]}
                bindings: {users: {Carol: lead}}
                privileges:
                  - name: read
                    roles: reader
                    allow: SELECT
                    on: lakehouse
                """);
        // bindings are matched without case, the user keeps the name Trino gave
        Subject carol = evaluator.subject("CAROL", Set.of());
        assertThat(carol.user()).isEqualTo("CAROL");
        assertThat(carol.roles()).containsExactlyInAnyOrder("lead", "analyst", "reader");
        assertThat(allowed(evaluator, "CAROL", "lakehouse.t.t", SELECT)).isTrue();
    }

    @Test
    void groupBindingsAndGroupRules()
    {
        PolicyEvaluator evaluator = evaluator("""
                roles: {reader: {}}
                bindings: {groups: {Staff: reader}}
                privileges:
                  - name: staff-read
                    roles: reader
                    allow: SELECT
                    on: lakehouse.staff
                  - name: auditors-read
                    groups: ['audit*']
                    allow: SELECT
                    on: lakehouse.audit
                """);
        assertThat(evaluator.subject("dave", Set.of("STAFF")).roles()).containsExactly("reader");
        assertThat(allowed(evaluator, "dave", Set.of("STAFF"), "lakehouse.staff.t", SELECT)).isTrue();
        assertThat(allowed(evaluator, "dave", Set.of(), "lakehouse.staff.t", SELECT)).isFalse();
        assertThat(allowed(evaluator, "erin", Set.of("Auditors"), "lakehouse.audit.t", SELECT)).isTrue();
        assertThat(allowed(evaluator, "erin", Set.of("Auditors"), "lakehouse.staff.t", SELECT)).isFalse();
    }

    @Test
    void userAttributesOverrideGroupAttributes()
    {
        PolicyEvaluator evaluator = evaluator("""
                attributes:
                  groups:
                    eu: {region: EU, department: sales}
                    hr: {department: hr, levels: [1, 2]}
                  users:
                    Dave: {region: UK}
                """);
        Map<String, AttributeValue> attributes = evaluator.subject("dave", Set.of("eu")).attributes();
        assertThat(attributes.get("region")).isEqualTo(new AttributeValue(List.of("UK"), false));
        assertThat(attributes.get("department").values()).containsExactly("sales");
        assertThat(evaluator.subject("frank", Set.of("EU")).attributes().get("region").values()).containsExactly("EU");
        // between groups, the one later in name order wins, the same way every time
        assertThat(evaluator.subject("grace", Set.of("hr", "eu")).attributes().get("department").values()).containsExactly("hr");
        assertThat(evaluator.subject("grace", Set.of("hr", "eu")).attributes().get("levels")).isEqualTo(new AttributeValue(List.of("1", "2"), true));
    }

    @Test
    void tableGrantShowsItsSchemaAndCatalog()
    {
        PolicyEvaluator evaluator = evaluator("""
                privileges:
                  - name: read-customers
                    users: alice
                    allow: SELECT
                    on: lakehouse.demo.customers
                  - name: read-orders
                    users: alice
                    allow: SELECT
                    on: lakehouse.demo.orders
                  - name: hide-orders
                    users: alice
                    deny: SHOW
                    on: lakehouse.demo.orders
                """);
        assertThat(visible(evaluator, "alice", "lakehouse")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.demo")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.demo.customers")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.demo.customers.email")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.other")).isFalse();
        assertThat(visible(evaluator, "alice", "lakehouse.demo.products")).isFalse();
        assertThat(visible(evaluator, "alice", "other")).isFalse();
        assertThat(visible(evaluator, "bob", "lakehouse")).isFalse();
        // deny SHOW hides the table and what is in it, even where SELECT is allowed
        assertThat(visible(evaluator, "alice", "lakehouse.demo.orders")).isFalse();
        assertThat(visible(evaluator, "alice", "lakehouse.demo.orders.id")).isFalse();
        assertThat(evaluator.visibility(evaluator.subject("alice", Set.of()), REQUEST, name("lakehouse.demo.orders")).rules()).containsExactly("hide-orders");
    }

    @Test
    void tagsAreInheritedDownwardsAndAutoTagged()
    {
        PolicyEvaluator evaluator = evaluator("""
                tags:
                  - on: lakehouse.crm
                    tags: [finance]
                  - on: lakehouse.crm.customers.notes
                    tags: [pii.free_text]
                privileges:
                  - name: finance-read
                    users: alice
                    allow: SELECT
                    on: lakehouse
                    tags: finance
                  - name: no-email
                    users: alice
                    deny: SELECT
                    tags: pii.email
                """);
        assertThat(allowed(evaluator, "alice", "lakehouse.crm.orders", SELECT)).isTrue();
        assertThat(allowed(evaluator, "alice", "lakehouse.crm.orders.amount", SELECT)).isTrue();
        assertThat(allowed(evaluator, "alice", "lakehouse.sales.orders", SELECT)).isFalse();
        // the built-in auto tags tag email columns pii.email wherever they are
        assertThat(evaluator.tags(name("lakehouse.crm.customers.contact_email"))).containsExactlyInAnyOrder("finance", "pii", "pii.email");
        assertThat(check(evaluator, "alice", "lakehouse.crm.customers.contact_email", SELECT).rules()).containsExactly("no-email");
        assertThat(allowed(evaluator, "alice", "lakehouse.crm.customers.notes", SELECT)).isTrue();
        assertThat(evaluator.tags(name("lakehouse.crm.customers.notes"))).containsExactlyInAnyOrder("finance", "pii", "pii.free_text");
        // auto tags are for columns; a table named like one is not tagged
        assertThat(evaluator.tags(name("lakehouse.crm.email"))).containsExactly("finance");
        assertThat(evaluator.tagSources(name("lakehouse.crm.customers.email"))).satisfiesExactly(
                source -> assertThat(source).isEqualTo("[finance] on lakehouse.crm (test.yaml:2)"),
                source -> assertThat(source).isEqualTo("[pii.email] by auto-tag rule 'builtin-email'"));

        PolicyEvaluator withoutBuiltin = evaluator("""
                auto_tags: {builtin: false}
                privileges:
                  - name: no-email
                    users: alice
                    deny: SELECT
                    tags: pii.email
                  - name: read
                    users: alice
                    allow: SELECT
                    on: lakehouse
                """);
        assertThat(withoutBuiltin.tags(name("lakehouse.crm.customers.email"))).isEmpty();
        assertThat(allowed(withoutBuiltin, "alice", "lakehouse.crm.customers.email", SELECT)).isTrue();
    }

    @Test
    void tagConstrainedGrantShowsTheCatalogAndSchemaAboveTheTaggedTable()
    {
        // the tag is on a table, so the rule allows that table; reaching it needs its catalog and schema visible
        PolicyEvaluator evaluator = evaluator("""
                tags:
                  - on: lakehouse.crm.orders
                    tags: [finance]
                privileges:
                  - name: finance-read
                    users: alice
                    allow: SELECT
                    on: lakehouse
                    tags: finance
                  - name: marketing-read
                    users: bob
                    allow: SELECT
                    on: lakehouse
                    tags: marketing
                """);
        assertThat(allowed(evaluator, "alice", "lakehouse.crm.orders", SELECT)).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.crm.orders")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.crm")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.crm.customers")).isFalse();
        // nothing carries the tag: nothing to show
        assertThat(visible(evaluator, "bob", "lakehouse")).isFalse();
    }

    @Test
    void conditionsOverUserResourceAndRequest()
    {
        PolicyEvaluator evaluator = evaluator("""
                attributes:
                  users:
                    eve: {region: EU}
                    uma: {region: UK}
                tags:
                  - on: lakehouse.finance
                    tags: [finance]
                privileges:
                  - name: eu-only
                    users: ['*']
                    allow: SELECT
                    on: lakehouse.eu
                    when: user.attributes.region == 'EU'
                  - name: finance-tagged
                    users: ['*']
                    allow: SELECT
                    on: lakehouse
                    when: "'finance' in resource.tags && resource.table != 'salaries'"
                  - name: dashboards
                    users: ['*']
                    allow: SELECT
                    on: lakehouse.reports
                    when: request.source == 'dashboards' && 'monthly' in request.client_tags
                """);
        assertThat(allowed(evaluator, "eve", "lakehouse.eu.t", SELECT)).isTrue();
        assertThat(allowed(evaluator, "uma", "lakehouse.eu.t", SELECT)).isFalse();
        // no region: the condition fails to evaluate and an allow that fails does not allow
        assertThat(allowed(evaluator, "nobody", "lakehouse.eu.t", SELECT)).isFalse();
        assertThat(allowed(evaluator, "nobody", "lakehouse.finance.budget", SELECT)).isTrue();
        assertThat(allowed(evaluator, "nobody", "lakehouse.finance.salaries", SELECT)).isFalse();
        assertThat(allowed(evaluator, "nobody", "lakehouse.other.budget", SELECT)).isFalse();

        Subject nobody = evaluator.subject("nobody", Set.of());
        ResourceName report = name("lakehouse.reports.monthly");
        assertThat(evaluator.check(nobody, new RequestInfo(Instant.now(), "dashboards", List.of("monthly")), report, SELECT).allowed()).isTrue();
        assertThat(evaluator.check(nobody, new RequestInfo(Instant.now(), "dashboards", List.of()), report, SELECT).allowed()).isFalse();
    }

    @Test
    void conditionOverRequestTime()
    {
        PolicyEvaluator evaluator = evaluator("""
                privileges:
                  - name: office-hours
                    users: ['*']
                    allow: SELECT
                    on: lakehouse
                    when: request.time.getHours('UTC') >= 8 && request.time.getHours('UTC') < 18
                """);
        Subject alice = evaluator.subject("alice", Set.of());
        assertThat(evaluator.check(alice, request("2025-06-02T10:15:00Z", "cli"), name("lakehouse.t.t"), SELECT).allowed()).isTrue();
        assertThat(evaluator.check(alice, request("2025-06-02T20:15:00Z", "cli"), name("lakehouse.t.t"), SELECT).allowed()).isFalse();
    }

    @Test
    void denyWhoseConditionFailsDenies()
    {
        PolicyEvaluator evaluator = evaluator("""
                attributes:
                  users:
                    hank: {clearance: high}
                privileges:
                  - name: read
                    users: ['*']
                    allow: SELECT
                    on: lakehouse
                  - name: cleared-only
                    users: ['*']
                    deny: SELECT
                    on: lakehouse.secret
                    when: user.attributes.clearance != 'high'
                """);
        assertThat(allowed(evaluator, "hank", "lakehouse.secret.t", SELECT)).isTrue();
        // no clearance at all: the condition cannot be evaluated, so the deny holds
        assertThat(check(evaluator, "ivan", "lakehouse.secret.t", SELECT)).isEqualTo(new Decision(false, List.of("cleared-only"), true));
        assertThat(allowed(evaluator, "ivan", "lakehouse.public.t", SELECT)).isTrue();
    }

    @Test
    void requestDependentDecisionsAreNotCached()
    {
        PolicyEvaluator evaluator = evaluator("""
                privileges:
                  - name: dashboards-only
                    users: ['*']
                    allow: SELECT
                    on: lakehouse
                    when: request.source == 'dashboards'
                  - name: by-name
                    users: ['*']
                    allow: SHOW
                    on: lakehouse
                    when: user.name == 'alice'
                """);
        Subject alice = evaluator.subject("alice", Set.of());
        ResourceName table = name("lakehouse.s.t");
        RequestInfo dashboards = request("2025-06-02T10:15:00Z", "dashboards");
        RequestInfo cli = request("2025-06-02T10:15:00Z", "cli");
        Decision first = evaluator.check(alice, dashboards, table, SELECT);
        assertThat(first.allowed()).isTrue();
        assertThat(first.cacheable()).isFalse();
        assertThat(evaluator.check(alice, cli, table, SELECT).allowed()).isFalse();
        assertThat(evaluator.check(alice, dashboards, table, SELECT).allowed()).isTrue();
        assertThat(evaluator.visibility(alice, cli, table).allowed()).isTrue();
        // a condition over the user alone is decided once per user
        assertThat(evaluator.check(alice, cli, table, SHOW)).isEqualTo(new Decision(true, List.of("by-name"), true));
        // a denied decision that consulted the request is not cached either
        assertThat(evaluator.check(evaluator.subject("bob", Set.of()), cli, table, SELECT)).isEqualTo(new Decision(false, List.of(), false));
    }

    @Test
    void rowFiltersAreOredAndRunAsTheDefiner()
    {
        PolicyEvaluator evaluator = evaluator("""
                admin_roles: [admin]
                definer: policy_owner
                roles: {admin: {}, analyst: {}}
                bindings: {users: {alice: analyst, bob: analyst, root: admin}}
                attributes:
                  users:
                    alice: {region: EU}
                row_filters:
                  - name: own-region
                    roles: analyst
                    on: lakehouse.crm.customers
                    filter: region = $USER_ATTRIBUTE('region')
                  - name: own-accounts
                    roles: analyst
                    on: lakehouse.crm.*
                    filter: owner = $USER_NAME
                  - name: never
                    roles: analyst
                    on: lakehouse.crm.customers
                    when: user.name == 'nobody'
                    filter: 'true'
                """);
        ResourceName customers = name("lakehouse.crm.customers");
        AppliedFilter alice = evaluator.rowFilter(evaluator.subject("alice", Set.of()), REQUEST, customers).orElseThrow();
        assertThat(alice.rules()).containsExactlyInAnyOrder("own-region", "own-accounts");
        assertThat(alice.expression().split(" OR ")).containsExactlyInAnyOrder("(region = 'EU')", "(owner = 'alice')");
        assertThat(alice.identity()).contains("policy_owner");

        // a filter needing an attribute the user lacks grants no rows, the others still grant theirs
        AppliedFilter bob = evaluator.rowFilter(evaluator.subject("bob", Set.of()), REQUEST, customers).orElseThrow();
        assertThat(bob.expression().split(" OR ")).containsExactlyInAnyOrder("(false)", "(owner = 'bob')");

        assertThat(evaluator.rowFilter(evaluator.subject("alice", Set.of()), REQUEST, name("lakehouse.crm.orders")).orElseThrow().expression())
                .isEqualTo("(owner = 'alice')");
        assertThat(evaluator.rowFilter(evaluator.subject("alice", Set.of()), REQUEST, name("lakehouse.sales.orders"))).isEmpty();
        assertThat(evaluator.rowFilter(evaluator.subject("carl", Set.of()), REQUEST, customers)).isEmpty();
        assertThat(evaluator.rowFilter(evaluator.subject("root", Set.of()), REQUEST, customers)).isEmpty();
    }

    @Test
    void rowFilterWithoutDefinerRunsAsTheUser()
    {
        PolicyEvaluator evaluator = evaluator("""
                row_filters:
                  - name: own
                    users: ['*']
                    on: a.b.c
                    filter: owner = current_user
                """);
        assertThat(evaluator.rowFilter(evaluator.subject("alice", Set.of()), REQUEST, name("a.b.c")))
                .contains(new AppliedFilter("(owner = current_user)", Optional.empty(), List.of("own")));
    }

    @Test
    void rowFilterWhoseConditionFailsGrantsNoRows()
    {
        // no department: the condition cannot be evaluated; skipping the filter would show every row
        PolicyEvaluator evaluator = evaluator("""
                attributes:
                  users:
                    hr_user: {department: hr}
                row_filters:
                  - name: hr-sees-hr
                    users: ['*']
                    on: lakehouse.hr.employees
                    when: user.attributes.department == 'hr'
                    filter: department = 'hr'
                """);
        ResourceName employees = name("lakehouse.hr.employees");
        assertThat(evaluator.rowFilter(evaluator.subject("hr_user", Set.of()), REQUEST, employees).orElseThrow().expression()).isEqualTo("(department = 'hr')");
        assertThat(evaluator.rowFilter(evaluator.subject("stranger", Set.of()), REQUEST, employees).map(AppliedFilter::expression)).contains("(false)");
    }

    @Test
    void masksExactTypeBeatsCoercibleBeatsAny()
    {
        PolicyEvaluator evaluator = evaluator("""
                tags:
                  - on: lakehouse.crm.customers
                    tags: [pii]
                column_masks:
                  - name: any-type
                    users: ['*']
                    tags: pii
                    mask: mask_null(@column)
                  - name: integer-type
                    users: ['*']
                    tags: pii
                    type: integer
                    mask: 0 * @column
                  - name: varchar-type
                    users: ['*']
                    tags: pii
                    type: varchar
                    mask: mask_text(@column)
                """);
        Map<String, AppliedMask> masks = masks(evaluator, "alice", "lakehouse.crm.customers",
                column("name", UNBOUNDED_VARCHAR), column("customer_id", BIGINT), column("since", DATE));
        assertThat(masks).containsOnlyKeys("name", "customer_id", "since");
        assertThat(masks.get("name")).isEqualTo(new AppliedMask("name", "mask_text(\"name\")", Optional.empty(), "varchar-type"));
        assertThat(masks.get("customer_id")).isEqualTo(new AppliedMask("customer_id", "0 * \"customer_id\"", Optional.empty(), "integer-type"));
        assertThat(masks.get("since")).isEqualTo(new AppliedMask("since", "mask_null(\"since\")", Optional.empty(), "any-type"));
        // untagged table: nothing to mask
        assertThat(masks(evaluator, "alice", "lakehouse.crm.orders", column("name", UNBOUNDED_VARCHAR))).isEmpty();
    }

    @Test
    void grantScopedByAnAutoTagDoesNotListEveryObject()
    {
        PolicyEvaluator evaluator = evaluator("""
                privileges:
                  - name: emails-only
                    users: alice
                    allow: SELECT
                    tags: pii.email
                """);
        // the auto-tag reaches the column, so it may be read ...
        assertThat(allowed(evaluator, "alice", "hr.payroll.staff.email", SELECT)).isTrue();
        assertThat(allowed(evaluator, "alice", "hr.payroll.staff.salary", SELECT)).isFalse();
        // ... but containers are not listed on the strength of column names they may or may not have
        assertThat(visible(evaluator, "alice", "hr")).isFalse();
        assertThat(visible(evaluator, "alice", "hr.payroll.staff")).isFalse();
    }

    @Test
    void masksThatDependOnTheRequestAreNotCached()
    {
        PolicyEvaluator evaluator = evaluator("""
                column_masks:
                  - name: masked-outside-the-app
                    users: ['*']
                    on: a.b.c.email
                    when: request.source != 'crm-app'
                    mask: mask_email(@column)
                  - name: always
                    users: ['*']
                    on: a.b.d.email
                    mask: mask_email(@column)
                """);
        Subject alice = evaluator.subject("alice", Set.of());
        List<PolicyEvaluator.Column> columns = List.of(column("email", UNBOUNDED_VARCHAR));
        assertThat(evaluator.masks(alice, request("2025-06-02T10:15:00Z", "cli"), name("a.b.c"), columns)).containsOnlyKeys("email");
        assertThat(evaluator.masks(alice, request("2025-06-02T10:15:00Z", "crm-app"), name("a.b.c"), columns)).isEmpty();
        assertThat(evaluator.masks(alice, request("2025-06-02T10:15:00Z", "cli"), name("a.b.c"), columns)).containsOnlyKeys("email");
        // a request-independent result is served from the cache: the same instance
        Map<String, AppliedMask> first = evaluator.masks(alice, request("2025-06-02T10:15:00Z", "cli"), name("a.b.d"), columns);
        assertThat(evaluator.masks(alice, request("2025-06-02T11:15:00Z", "other"), name("a.b.d"), columns)).isSameAs(first);
    }

    @Test
    void masksOnBoundedVarcharAreCastToTheColumnType()
    {
        PolicyEvaluator evaluator = evaluator("""
                column_masks:
                  - name: redact
                    users: ['*']
                    on: a.b.c
                    type: varchar
                    mask: regexp_replace(@column, '.', 'x')
                """);
        Map<String, AppliedMask> masks = masks(evaluator, "alice", "a.b.c", column("code", createVarcharType(15)), column("note", VarcharType.VARCHAR));
        // regexp_replace returns an unbounded varchar; Trino would refuse it as the mask of a varchar(15) column
        assertThat(masks.get("code").expression()).isEqualTo("CAST((regexp_replace(\"code\", '.', 'x')) AS varchar(15))");
        assertThat(masks.get("note").expression()).isEqualTo("regexp_replace(\"note\", '.', 'x')");
    }

    @Test
    void masksHigherPriorityWinsThenFileOrder()
    {
        PolicyEvaluator evaluator = evaluator("""
                column_masks:
                  - name: zeta
                    users: ['*']
                    on: [a.b.c.x, a.b.c.z]
                    type: varchar
                    mask: zeta(@column)
                  - name: alpha
                    users: ['*']
                    on: [a.b.c.x, a.b.c.z]
                    type: varchar
                    mask: alpha(@column)
                  - name: urgent
                    users: ['*']
                    on: a.b.c.x
                    type: varchar
                    priority: 10
                    mask: urgent(@column)
                  - name: lowly-exact
                    users: ['*']
                    on: a.b.c.y
                    type: varchar
                    priority: -5
                    mask: lowly(@column)
                  - name: important-any
                    users: ['*']
                    on: a.b.c.y
                    priority: 100
                    mask: mask_null(@column)
                """);
        Map<String, AppliedMask> masks = masks(evaluator, "alice", "a.b.c", column("x", UNBOUNDED_VARCHAR), column("y", UNBOUNDED_VARCHAR), column("z", UNBOUNDED_VARCHAR));
        assertThat(masks.get("x").rule()).isEqualTo("urgent");
        // the type fit comes before priority
        assertThat(masks.get("y").rule()).isEqualTo("lowly-exact");
        // a tie goes to the rule written first
        assertThat(masks.get("z").rule()).isEqualTo("zeta");
    }

    @Test
    void masksRunAsDefinerWhenAsked()
    {
        PolicyEvaluator evaluator = evaluator("""
                definer: policy_owner
                column_masks:
                  - name: lookup
                    users: ['*']
                    on: a.b.c.token
                    run_as: definer
                    mask: (SELECT label FROM a.private.labels l WHERE l.token = @column)
                  - name: invoker
                    users: ['*']
                    on: a.b.c.other
                    run_as: invoker
                    mask: mask_null(@column)
                """);
        Map<String, AppliedMask> masks = masks(evaluator, "alice", "a.b.c", column("token", UNBOUNDED_VARCHAR), column("other", UNBOUNDED_VARCHAR));
        assertThat(masks.get("token").identity()).contains("policy_owner");
        assertThat(masks.get("other").identity()).isEmpty();
    }

    @Test
    void masksWithConditionsAndAttributes()
    {
        PolicyEvaluator evaluator = evaluator("""
                attributes:
                  users:
                    alice: {team: support, key_id: k1}
                column_masks:
                  - name: unless-support
                    users: ['*']
                    on: a.b.c.phone
                    when: user.attributes.team != 'support'
                    mask: mask_phone(@column)
                  - name: keyed
                    users: ['*']
                    on: a.b.c.ssn
                    mask: mask_keyed(@column, $USER_ATTRIBUTE('key_id'))
                """);
        List<PolicyEvaluator.Column> columns = List.of(column("phone", UNBOUNDED_VARCHAR), column("ssn", UNBOUNDED_VARCHAR));
        Map<String, AppliedMask> alice = evaluator.masks(evaluator.subject("alice", Set.of()), REQUEST, name("a.b.c"), columns);
        assertThat(alice).containsOnlyKeys("ssn");
        assertThat(alice.get("ssn").expression()).isEqualTo("mask_keyed(\"ssn\", 'k1')");
        // no team: the condition fails to evaluate and the mask applies; no key: the value is NULL of the column's type
        Map<String, AppliedMask> bob = evaluator.masks(evaluator.subject("bob", Set.of()), REQUEST, name("a.b.c"), columns);
        assertThat(bob.get("phone").expression()).isEqualTo("mask_phone(\"phone\")");
        assertThat(bob.get("ssn").expression()).isEqualTo("CAST(NULL AS varchar)");
    }

    @Test
    void adminsGetNoMasksOrFilters()
    {
        PolicyEvaluator evaluator = evaluator("""
                admin_roles: [admin]
                roles: {admin: {}}
                bindings: {users: {root: admin}}
                row_filters:
                  - name: nothing
                    users: ['*']
                    on: a.b.c
                    filter: 'false'
                column_masks:
                  - name: everything
                    users: ['*']
                    on: a.b.c
                    mask: mask_null(@column)
                """);
        Subject root = evaluator.subject("root", Set.of());
        assertThat(evaluator.rowFilter(root, REQUEST, name("a.b.c"))).isEmpty();
        assertThat(evaluator.masks(root, REQUEST, name("a.b.c"), List.of(column("x", UNBOUNDED_VARCHAR)))).isEmpty();
        assertThat(evaluator.mayFilterOrMask(root, REQUEST, name("a.b.c"))).isFalse();
        assertThat(evaluator.masks(evaluator.subject("alice", Set.of()), REQUEST, name("a.b.c"), List.of(column("x", UNBOUNDED_VARCHAR)))).containsOnlyKeys("x");
    }

    @Test
    void mayFilterOrMask()
    {
        PolicyEvaluator evaluator = evaluator("""
                row_filters:
                  - name: filtered
                    users: alice
                    on: lakehouse.crm.customers
                    filter: region = 'EU'
                  - name: not-for-alice
                    users: ['*']
                    on: lakehouse.sales.orders
                    when: user.name != 'alice'
                    filter: region = 'EU'
                column_masks:
                  - name: masked
                    users: alice
                    on: lakehouse.hr.employees.salary
                    mask: mask_null(@column)
                """);
        Subject alice = evaluator.subject("alice", Set.of());
        // on the resource, above it (a catalog or schema holding it) and below it
        for (String resource : List.of("lakehouse", "lakehouse.crm", "lakehouse.crm.customers", "lakehouse.hr.employees", "lakehouse.hr.employees.salary")) {
            assertThat(evaluator.mayFilterOrMask(alice, REQUEST, name(resource))).as(resource).isTrue();
        }
        for (String resource : List.of("lakehouse.crm.orders", "lakehouse.sales.orders", "lakehouse.hr.departments", "other")) {
            assertThat(evaluator.mayFilterOrMask(alice, REQUEST, name(resource))).as(resource).isFalse();
        }
        assertThat(evaluator.mayFilterOrMask(evaluator.subject("bob", Set.of()), REQUEST, name("lakehouse.sales.orders"))).isTrue();
    }

    @Test
    void thousandsOfTableRules()
    {
        // 5,000 rules each on its own table, as a policy generated from a catalog would have
        StringBuilder yaml = new StringBuilder("privileges:\n");
        for (int i = 0; i < 5000; i++) {
            yaml.append("""
                      - name: read-%1$s
                        users: alice
                        allow: SELECT
                        on: lakehouse.s%2$s.t%1$s
                    """.formatted(i, i % 50));
            if (i % 100 == 0) {
                yaml.append("""
                          - name: deny-%1$s
                            users: alice
                            deny: SELECT
                            on: lakehouse.s%2$s.t%1$s.secret
                        """.formatted(i, i % 50));
            }
        }
        PolicyEvaluator evaluator = evaluator(yaml.toString());
        assertThat(evaluator.policy().privileges()).hasSize(5050);
        Random random = new Random(42);
        for (int n = 0; n < 1000; n++) {
            int i = random.nextInt(5000);
            assertThat(check(evaluator, "alice", "lakehouse.s%s.t%s".formatted(i % 50, i), SELECT).rules()).containsExactly("read-" + i);
            assertThat(allowed(evaluator, "alice", "lakehouse.s%s.t%s".formatted((i + 1) % 50, i), SELECT)).isFalse();
            assertThat(allowed(evaluator, "alice", "lakehouse.s%s.t%s.secret".formatted(i % 50, i), SELECT)).isEqualTo(i % 100 != 0);
            assertThat(allowed(evaluator, "bob", "lakehouse.s%s.t%s".formatted(i % 50, i), SELECT)).isFalse();
        }
        assertThat(visible(evaluator, "alice", "lakehouse.s7")).isTrue();
        assertThat(visible(evaluator, "alice", "lakehouse.s50")).isFalse();
    }

    private static PolicyEvaluator evaluator(String yaml)
    {
        return new PolicyEvaluator(LOADER.parse("test.yaml", yaml.getBytes(UTF_8)), 10_000);
    }

    private static Decision check(PolicyEvaluator evaluator, String user, String resource, Privilege privilege)
    {
        return evaluator.check(evaluator.subject(user, Set.of()), REQUEST, name(resource), privilege);
    }

    private static boolean allowed(PolicyEvaluator evaluator, String user, String resource, Privilege privilege)
    {
        return check(evaluator, user, resource, privilege).allowed();
    }

    private static boolean allowed(PolicyEvaluator evaluator, String user, Set<String> groups, String resource, Privilege privilege)
    {
        return evaluator.check(evaluator.subject(user, groups), REQUEST, name(resource), privilege).allowed();
    }

    private static boolean visible(PolicyEvaluator evaluator, String user, String resource)
    {
        return evaluator.visibility(evaluator.subject(user, Set.of()), REQUEST, name(resource)).allowed();
    }

    private static Map<String, AppliedMask> masks(PolicyEvaluator evaluator, String user, String relation, PolicyEvaluator.Column... columns)
    {
        return evaluator.masks(evaluator.subject(user, Set.of()), REQUEST, name(relation), List.of(columns));
    }

    private static PolicyEvaluator.Column column(String name, Type type)
    {
        return new PolicyEvaluator.Column(name, type);
    }

    private static ResourceName name(String dotted)
    {
        return ResourceName.of(dotted.split("\\."));
    }

    private static RequestInfo request(String time, String source)
    {
        return new RequestInfo(Instant.parse(time), source, List.of());
    }
}
