package dev.floe.access.governance;

import dev.floe.access.audit.AccessAudit;
import dev.floe.access.condition.Condition;
import dev.floe.access.policy.ColumnMaskRule;
import dev.floe.access.policy.NamePattern;
import dev.floe.access.policy.Policy;
import dev.floe.access.policy.PrivilegeRule;
import dev.floe.access.policy.ResourcePattern;
import dev.floe.access.policy.RowFilterRule;
import dev.floe.access.policy.Rule;
import dev.floe.access.policy.TagPattern;
import dev.floe.access.spi.FloeAccessControl;
import dev.floe.access.spi.PolicyStore;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Type;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The tables of schema {@code policy}: the active version and its reload and audit counters, its rules and its
 * roles. System tables on the coordinator, where the access control holds the policy.
 */
final class PolicyTables
{
    static final String SCHEMA = "policy";

    private static final Type VARCHAR_ARRAY = new ArrayType(VARCHAR);

    private PolicyTables() {}

    static Set<SystemTable> create(ActiveAccessControl accessControl)
    {
        return Set.of(
                new PolicyTable(accessControl, "status", List.of(
                        column("file", VARCHAR),
                        column("version", VARCHAR),
                        column("loaded_at", TIMESTAMP_TZ_MILLIS),
                        column("reloads", BIGINT),
                        column("failed_reloads", BIGINT),
                        column("last_error", VARCHAR),
                        column("last_error_time", TIMESTAMP_TZ_MILLIS),
                        column("denials", BIGINT),
                        column("applied_policies", BIGINT),
                        column("version_file_failures", BIGINT)),
                        PolicyTables::status),
                new PolicyTable(accessControl, "rules", List.of(
                        column("name", VARCHAR),
                        column("kind", VARCHAR),
                        column("effect", VARCHAR),
                        column("privileges", VARCHAR_ARRAY),
                        column("users", VARCHAR_ARRAY),
                        column("groups", VARCHAR_ARRAY),
                        column("roles", VARCHAR_ARRAY),
                        column("resources", VARCHAR_ARRAY),
                        column("tags", VARCHAR_ARRAY),
                        column("condition", VARCHAR),
                        column("expression", VARCHAR),
                        column("mask_type", VARCHAR),
                        column("priority", INTEGER),
                        column("location", VARCHAR)),
                        PolicyTables::rules),
                new PolicyTable(accessControl, "roles", List.of(
                        column("role", VARCHAR),
                        column("inherits", VARCHAR_ARRAY),
                        column("admin", BOOLEAN),
                        column("bound_users", VARCHAR_ARRAY),
                        column("bound_groups", VARCHAR_ARRAY)),
                        PolicyTables::roles));
    }

    private static void status(FloeAccessControl accessControl, InMemoryRecordSet.Builder rows)
    {
        PolicyStore.Status status = accessControl.policies().status();
        Policy policy = status.policy();
        AccessAudit audit = accessControl.audit();
        rows.addRow(
                policy.file(),
                policy.version(),
                timestamp(policy.loadedAt()),
                status.reloads(),
                status.failedReloads(),
                status.lastError().orElse(null),
                status.lastErrorTime().map(PolicyTables::timestamp).orElse(null),
                audit.denials(),
                audit.appliedPolicies(),
                status.versionFileFailures());
    }

    private static void rules(FloeAccessControl accessControl, InMemoryRecordSet.Builder rows)
    {
        Policy policy = accessControl.policies().evaluator().policy();
        for (PrivilegeRule rule : policy.privileges()) {
            // enum order, as the privileges are documented
            List<String> privileges = rule.privileges().stream().sorted().map(Enum::name).toList();
            rows.addRow(rule(rule, "privilege", rule.effect().name().toLowerCase(Locale.ROOT), varchars(privileges), null, null, null));
        }
        for (RowFilterRule rule : policy.rowFilters()) {
            rows.addRow(rule(rule, "row_filter", null, null, rule.filter().text(), null, null));
        }
        for (ColumnMaskRule rule : policy.columnMasks()) {
            rows.addRow(rule(rule, "column_mask", null, null, rule.mask().text(), rule.type().text(), rule.priority()));
        }
    }

    private static Object[] rule(Rule rule, String kind, String effect, Block privileges, String expression, String maskType, Integer priority)
    {
        return new Object[] {
                rule.name(),
                kind,
                effect,
                privileges,
                varchars(rule.principals().users().stream().map(NamePattern::text).toList()),
                varchars(rule.principals().groups().stream().map(NamePattern::text).toList()),
                varchars(new TreeSet<>(rule.principals().roles())),
                varchars(rule.resources().stream().map(ResourcePattern::text).toList()),
                varchars(rule.tags().stream().map(TagPattern::text).toList()),
                rule.condition().map(Condition::text).orElse(null),
                expression,
                maskType,
                priority,
                rule.location().toString()};
    }

    private static void roles(FloeAccessControl accessControl, InMemoryRecordSet.Builder rows)
    {
        Policy policy = accessControl.policies().evaluator().policy();
        Set<String> roles = new TreeSet<>(policy.roles().roles());
        roles.addAll(policy.adminRoles());
        for (String role : roles) {
            boolean admin = policy.roles().closure(Set.of(role)).stream().anyMatch(policy.adminRoles()::contains);
            rows.addRow(
                    role,
                    varchars(new TreeSet<>(policy.roles().parents(role))),
                    admin,
                    varchars(boundTo(policy.userRoles(), role)),
                    varchars(boundTo(policy.groupRoles(), role)));
        }
    }

    private static Set<String> boundTo(Map<String, Set<String>> bindings, String role)
    {
        Set<String> principals = new TreeSet<>();
        bindings.forEach((principal, roles) -> {
            if (roles.contains(role)) {
                principals.add(principal);
            }
        });
        return principals;
    }

    private static Block varchars(Collection<String> values)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, values.size());
        values.forEach(value -> VARCHAR.writeString(builder, value));
        return builder.build();
    }

    private static long timestamp(Instant instant)
    {
        return packDateTimeWithZone(instant.toEpochMilli(), UTC_KEY);
    }

    private static ColumnMetadata column(String name, Type type)
    {
        return new ColumnMetadata(name, type);
    }

    private static final class PolicyTable
            implements SystemTable
    {
        private final ActiveAccessControl accessControl;
        private final ConnectorTableMetadata metadata;
        private final BiConsumer<FloeAccessControl, InMemoryRecordSet.Builder> rows;

        PolicyTable(ActiveAccessControl accessControl, String name, List<ColumnMetadata> columns, BiConsumer<FloeAccessControl, InMemoryRecordSet.Builder> rows)
        {
            this.accessControl = requireNonNull(accessControl, "accessControl is null");
            this.metadata = new ConnectorTableMetadata(new SchemaTableName(SCHEMA, name), columns);
            this.rows = requireNonNull(rows, "rows is null");
        }

        @Override
        public Distribution getDistribution()
        {
            return Distribution.SINGLE_COORDINATOR;
        }

        @Override
        public ConnectorTableMetadata getTableMetadata()
        {
            return metadata;
        }

        @Override
        public RecordCursor cursor(ConnectorTransactionHandle transaction, ConnectorSession session, TupleDomain<Integer> constraint)
        {
            InMemoryRecordSet.Builder builder = InMemoryRecordSet.builder(metadata);
            rows.accept(accessControl.get(), builder);
            return builder.build().cursor();
        }
    }
}
