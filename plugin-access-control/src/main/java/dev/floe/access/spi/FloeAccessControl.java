package dev.floe.access.spi;

import dev.floe.access.audit.AccessAudit;
import dev.floe.access.evaluation.AppliedFilter;
import dev.floe.access.evaluation.AppliedMask;
import dev.floe.access.evaluation.Decision;
import dev.floe.access.evaluation.PolicyEvaluator;
import dev.floe.access.evaluation.PolicyEvaluator.ColumnsDecision;
import dev.floe.access.evaluation.RequestInfo;
import dev.floe.access.evaluation.Subject;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.ResourceName;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.EntityKindAndName;
import io.trino.spi.connector.EntityPrivilege;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.PrincipalType;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.security.ViewExpression;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Trino's system access control backed by the Floe policy: every check maps to a privilege on a resource (see
 * the module README for the table) and is decided by the active {@link PolicyEvaluator}; row filters and masks
 * come from the same policy. Every method the SPI declares is implemented, none falls back to the SPI default.
 */
public final class FloeAccessControl
        implements SystemAccessControl
{
    private static final String SYSTEM = "system";
    private static final String INFORMATION_SCHEMA = "information_schema";
    // system schemas whose rows the engine filters through this access control (filterCatalogs, filterTables…)
    private static final Set<String> SYSTEM_METADATA_SCHEMAS = Set.of(INFORMATION_SCHEMA, "jdbc", "metadata");
    // table functions that read a table's data with no masks or filters applied by the engine
    private static final Set<String> RAW_DATA_TABLE_FUNCTIONS = Set.of("query", "table_changes");

    private final PolicyStore policies;
    private final AccessAudit audit;
    private final QueryRequests requests;
    private final List<CatalogSchemaName> expressionPath;

    public FloeAccessControl(PolicyStore policies, AccessAudit audit, List<CatalogSchemaName> expressionPath)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.requests = new QueryRequests();
        this.expressionPath = List.copyOf(expressionPath);
    }

    public PolicyStore policies()
    {
        return policies;
    }

    public AccessAudit audit()
    {
        return audit;
    }

    @Override
    public Iterable<EventListener> getEventListeners()
    {
        return List.of(requests);
    }

    @Override
    public void shutdown()
    {
        policies.close();
        audit.close();
    }

    // ---- identities, queries, system information

    @Override
    public void checkCanImpersonateUser(Identity identity, String userName)
    {
        if (identity.getUser().equals(userName)) {
            return;
        }
        requireAdmin(identity, "impersonate user " + userName, "Cannot impersonate user %s".formatted(userName));
    }

    @SuppressWarnings("deprecation")
    @Override
    public void checkCanSetUser(Optional<Principal> principal, String userName)
    {
        // still called by the 476 engine when a session starts; a user other than the principal's own name is
        // impersonation, which checkCanImpersonateUser decides
    }

    @Override
    public void checkCanExecuteQuery(Identity identity, QueryId queryId)
    {
        // any user may run queries; what they touch is checked object by object
    }

    @Override
    public void checkCanViewQueryOwnedBy(Identity identity, Identity queryOwner)
    {
        if (!identity.getUser().equals(queryOwner.getUser())) {
            requireAdmin(identity, "view query of " + queryOwner.getUser(), "Cannot view query");
        }
    }

    @Override
    public Collection<Identity> filterViewQueryOwnedBy(Identity identity, Collection<Identity> queryOwners)
    {
        if (isAdmin(identity)) {
            return queryOwners;
        }
        return queryOwners.stream().filter(owner -> owner.getUser().equals(identity.getUser())).toList();
    }

    @Override
    public void checkCanKillQueryOwnedBy(Identity identity, Identity queryOwner)
    {
        if (!identity.getUser().equals(queryOwner.getUser())) {
            requireAdmin(identity, "kill query of " + queryOwner.getUser(), "Cannot kill query");
        }
    }

    @Override
    public void checkCanReadSystemInformation(Identity identity)
    {
        requireAdmin(identity, "read system information", "Cannot read system information");
    }

    @Override
    public void checkCanWriteSystemInformation(Identity identity)
    {
        requireAdmin(identity, "write system information", "Cannot write system information");
    }

    @Override
    public void checkCanSetSystemSessionProperty(Identity identity, QueryId queryId, String propertyName)
    {
        // session properties change how a query runs, never what it may see: filters and masks are applied regardless
    }

    // ---- catalogs

    @Override
    public boolean canAccessCatalog(SystemSecurityContext context, String catalogName)
    {
        return catalogVisible(context, catalogName);
    }

    @Override
    public void checkCanCreateCatalog(SystemSecurityContext context, String catalog)
    {
        require(context, ResourceName.of(catalog), Privilege.CREATE, "Cannot create catalog " + catalog);
    }

    @Override
    public void checkCanDropCatalog(SystemSecurityContext context, String catalog)
    {
        require(context, ResourceName.of(catalog), Privilege.DROP, "Cannot drop catalog " + catalog);
    }

    @Override
    public Set<String> filterCatalogs(SystemSecurityContext context, Set<String> catalogs)
    {
        Set<String> visible = new LinkedHashSet<>();
        for (String catalog : catalogs) {
            if (catalogVisible(context, catalog)) {
                visible.add(catalog);
            }
        }
        return visible;
    }

    @Override
    public void checkCanSetCatalogSessionProperty(SystemSecurityContext context, String catalogName, String propertyName)
    {
        if (!catalogVisible(context, catalogName)) {
            deny(context, "set catalog session property", catalogName, "Cannot set catalog session property %s.%s".formatted(catalogName, propertyName));
        }
    }

    // ---- schemas

    @Override
    public void checkCanCreateSchema(SystemSecurityContext context, CatalogSchemaName schema, Map<String, Object> properties)
    {
        require(context, ResourceName.of(schema.getCatalogName()), Privilege.CREATE, "Cannot create schema " + schema);
    }

    @Override
    public void checkCanDropSchema(SystemSecurityContext context, CatalogSchemaName schema)
    {
        require(context, resource(schema), Privilege.DROP, "Cannot drop schema " + schema);
    }

    @Override
    public void checkCanRenameSchema(SystemSecurityContext context, CatalogSchemaName schema, String newSchemaName)
    {
        require(context, resource(schema), Privilege.ALTER, "Cannot rename schema from %s to %s".formatted(schema, newSchemaName));
        require(context, ResourceName.of(schema.getCatalogName()), Privilege.CREATE, "Cannot rename schema from %s to %s".formatted(schema, newSchemaName));
    }

    @Override
    public void checkCanShowSchemas(SystemSecurityContext context, String catalogName)
    {
        if (!catalogVisible(context, catalogName)) {
            deny(context, "show schemas", catalogName, "Cannot show schemas of catalog " + catalogName);
        }
    }

    @Override
    public Set<String> filterSchemas(SystemSecurityContext context, String catalogName, Set<String> schemaNames)
    {
        Set<String> visible = new LinkedHashSet<>();
        boolean catalogVisible = catalogVisible(context, catalogName);
        for (String schema : schemaNames) {
            if (isMetadataSchema(catalogName, schema) ? catalogVisible : visible(context, ResourceName.of(catalogName, schema))) {
                visible.add(schema);
            }
        }
        return visible;
    }

    @Override
    public void checkCanShowCreateSchema(SystemSecurityContext context, CatalogSchemaName schema)
    {
        requireVisible(context, resource(schema), "Cannot show create schema for " + schema);
    }

    @Override
    public void checkCanShowFunctions(SystemSecurityContext context, CatalogSchemaName schema)
    {
        requireVisible(context, resource(schema), "Cannot show functions of schema " + schema);
    }

    @Override
    public void checkCanShowTables(SystemSecurityContext context, CatalogSchemaName schema)
    {
        if (isMetadataSchema(schema.getCatalogName(), schema.getSchemaName()) ? !catalogVisible(context, schema.getCatalogName()) : !visible(context, resource(schema))) {
            deny(context, "show tables", schema.toString(), "Cannot show tables of schema " + schema);
        }
    }

    // ---- tables, views, materialized views

    @Override
    public void checkCanShowCreateTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        requireVisible(context, relation(table), "Cannot show create table for " + table);
    }

    @Override
    public void checkCanCreateTable(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Object> properties)
    {
        require(context, schemaOf(table), Privilege.CREATE, "Cannot create table " + table);
    }

    @Override
    public void checkCanDropTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.DROP, "Cannot drop table " + table);
    }

    @Override
    public void checkCanRenameTable(SystemSecurityContext context, CatalogSchemaTableName table, CatalogSchemaTableName newTable)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot rename table from %s to %s".formatted(table, newTable));
        require(context, schemaOf(newTable), Privilege.CREATE, "Cannot rename table from %s to %s".formatted(table, newTable));
    }

    @Override
    public void checkCanSetTableProperties(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Optional<Object>> properties)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot set table properties to " + table);
    }

    @Override
    public void checkCanSetTableComment(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot comment table to " + table);
    }

    @Override
    public void checkCanSetViewComment(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        require(context, relation(view), Privilege.ALTER, "Cannot comment view to " + view);
    }

    @Override
    public void checkCanSetColumnComment(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot comment column to " + table);
    }

    @Override
    public Set<SchemaTableName> filterTables(SystemSecurityContext context, String catalogName, Set<SchemaTableName> tableNames)
    {
        Set<SchemaTableName> visible = new LinkedHashSet<>();
        boolean catalogVisible = catalogVisible(context, catalogName);
        if (!catalogVisible) {
            return visible;
        }
        for (SchemaTableName table : tableNames) {
            if (isMetadataSchema(catalogName, table.getSchemaName()) || visible(context, baseRelation(catalogName, table))) {
                visible.add(table);
            }
        }
        return visible;
    }

    @Override
    public void checkCanShowColumns(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (isMetadataSchema(table.getCatalogName(), table.getSchemaTableName().getSchemaName())) {
            if (!catalogVisible(context, table.getCatalogName())) {
                deny(context, "show columns", table.toString(), "Cannot show columns of table " + table);
            }
            return;
        }
        requireVisible(context, relation(table), "Cannot show columns of table " + table);
    }

    @Override
    public Map<SchemaTableName, Set<String>> filterColumns(SystemSecurityContext context, String catalogName, Map<SchemaTableName, Set<String>> tableColumns)
    {
        Map<SchemaTableName, Set<String>> visible = new LinkedHashMap<>();
        boolean catalogVisible = catalogVisible(context, catalogName);
        if (!catalogVisible) {
            return visible;
        }
        for (Map.Entry<SchemaTableName, Set<String>> entry : tableColumns.entrySet()) {
            SchemaTableName table = entry.getKey();
            if (isMetadataSchema(catalogName, table.getSchemaName())) {
                visible.put(table, entry.getValue());
                continue;
            }
            ResourceName relation = baseRelation(catalogName, table);
            Set<String> columns = new LinkedHashSet<>();
            for (String column : entry.getValue()) {
                if (visible(context, relation.child(column))) {
                    columns.add(column);
                }
            }
            visible.put(table, columns);
        }
        return visible;
    }

    @Override
    public void checkCanAddColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot add a column to table " + table);
    }

    @Override
    public void checkCanAlterColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot alter a column for table " + table);
    }

    @Override
    public void checkCanDropColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot drop a column from table " + table);
    }

    @Override
    public void checkCanRenameColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot rename a column in table " + table);
    }

    @Override
    public void checkCanSelectFromColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns)
    {
        checkSelect(context, table, columns, "select from");
    }

    @Override
    public void checkCanCreateViewWithSelectFromColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns)
    {
        // a view's owner shares what they may select, with their own filters and masks (Trino's definer semantics)
        checkSelect(context, table, columns, "create view selecting from");
    }

    private void checkSelect(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns, String verb)
    {
        String catalog = table.getCatalogName();
        String schema = table.getSchemaTableName().getSchemaName();
        if (isMetadataSchema(catalog, schema)) {
            if (!catalogVisible(context, catalog)) {
                deny(context, "select", table.toString(), "Cannot %s table %s".formatted(verb, table));
            }
            return;
        }
        boolean metadataTable = isConnectorMetadataTable(table);
        ResourceName relation = relation(table);
        PolicyEvaluator evaluator = policies.evaluator();
        Subject subject = evaluator.subject(context.getIdentity());
        RequestInfo request = requests.request(context);
        boolean protectedRelation = metadataTable || columns.stream().anyMatch(column -> column.startsWith("$"));
        if (protectedRelation && evaluator.mayFilterOrMask(subject, request, relation)) {
            // metadata tables and hidden columns show values and statistics from around the filters and masks
            deny(context, "select", table.toString(), new Decision(false, List.of("raw-data guard: row filters or masks apply to " + relation), true),
                    "Cannot %s %s: row filters or column masks apply to %s".formatted(verb, table, relation));
        }
        if (columns.isEmpty()) {
            require(context, relation, Privilege.SELECT, "Cannot %s table %s".formatted(verb, table));
        }
        else {
            // columns of a metadata table and hidden columns ($path, $file_modified_time…) follow the relation's own privilege
            ColumnsDecision decision = evaluator.checkSelect(subject, request, relation, columns, metadataTable);
            List<String> denied = decision.denied();
            if (!denied.isEmpty()) {
                // the column names of a relation the user may not see would describe it (SELECT * lists them all)
                String message = visible(context, relation)
                        ? "Cannot %s columns %s in table or view %s".formatted(verb, denied, table)
                        : "Cannot %s table %s".formatted(verb, table);
                deny(context, "select", table + " " + denied, decision.firstDenial().orElseThrow(), message);
            }
        }
        // after the relation's own checks, so that a relation denied as a whole says so
        if (protectedRelation && evaluator.mayDenyColumns(subject, request, relation)) {
            deny(context, "select", table.toString(), new Decision(false, List.of("raw-data guard: a deny may cover columns of " + relation), true),
                    "Cannot %s %s: a deny may cover columns of %s".formatted(verb, table, relation));
        }
    }

    @Override
    public void checkCanInsertIntoTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.INSERT, "Cannot insert into table " + table);
    }

    @Override
    public void checkCanDeleteFromTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        require(context, relation(table), Privilege.DELETE, "Cannot delete from table " + table);
    }

    @Override
    public void checkCanTruncateTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        ResourceName relation = relation(table);
        require(context, relation, Privilege.DELETE, "Cannot truncate table " + table);
        // the engine applies no row filter to TRUNCATE: it would remove the rows the filter hides from the user too
        PolicyEvaluator evaluator = policies.evaluator();
        if (evaluator.rowFilter(evaluator.subject(context.getIdentity()), requests.request(context), relation).isPresent()) {
            deny(context, "delete", relation.toString(), new Decision(false, List.of("raw-data guard: a row filter applies to " + relation), true),
                    "Cannot truncate table %s: a row filter applies to it".formatted(table));
        }
    }

    @Override
    public void checkCanUpdateTableColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> updatedColumnNames)
    {
        ResourceName relation = relation(table);
        for (String column : updatedColumnNames) {
            require(context, relation.child(column), Privilege.UPDATE, "Cannot update columns %s in table %s".formatted(updatedColumnNames, table));
        }
        if (updatedColumnNames.isEmpty()) {
            require(context, relation, Privilege.UPDATE, "Cannot update table " + table);
        }
    }

    @Override
    public void checkCanCreateView(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        require(context, schemaOf(view), Privilege.CREATE, "Cannot create view " + view);
    }

    @Override
    public void checkCanRenameView(SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView)
    {
        require(context, relation(view), Privilege.ALTER, "Cannot rename view from %s to %s".formatted(view, newView));
        require(context, schemaOf(newView), Privilege.CREATE, "Cannot rename view from %s to %s".formatted(view, newView));
    }

    @Override
    public void checkCanDropView(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        require(context, relation(view), Privilege.DROP, "Cannot drop view " + view);
    }

    @Override
    public void checkCanCreateMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView, Map<String, Object> properties)
    {
        require(context, schemaOf(materializedView), Privilege.CREATE, "Cannot create materialized view " + materializedView);
    }

    @Override
    public void checkCanRefreshMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView)
    {
        require(context, relation(materializedView), Privilege.ALTER, "Cannot refresh materialized view " + materializedView);
    }

    @Override
    public void checkCanSetMaterializedViewProperties(SystemSecurityContext context, CatalogSchemaTableName materializedView, Map<String, Optional<Object>> properties)
    {
        require(context, relation(materializedView), Privilege.ALTER, "Cannot set properties of materialized view " + materializedView);
    }

    @Override
    public void checkCanDropMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView)
    {
        require(context, relation(materializedView), Privilege.DROP, "Cannot drop materialized view " + materializedView);
    }

    @Override
    public void checkCanRenameMaterializedView(SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView)
    {
        require(context, relation(view), Privilege.ALTER, "Cannot rename materialized view from %s to %s".formatted(view, newView));
        require(context, schemaOf(newView), Privilege.CREATE, "Cannot rename materialized view from %s to %s".formatted(view, newView));
    }

    @Override
    public void checkCanSetEntityAuthorization(SystemSecurityContext context, EntityKindAndName entityKindAndName, TrinoPrincipal principal)
    {
        List<String> name = entityKindAndName.name();
        if (name.isEmpty() || name.size() > ResourceName.RELATION) {
            requireAdmin(context.getIdentity(), "set authorization of " + entityKindAndName, "Cannot set authorization for %s %s".formatted(entityKindAndName.entityKind(), name));
            return;
        }
        String message = "Cannot set authorization for %s %s to %s".formatted(entityKindAndName.entityKind(), String.join(".", name), principal);
        require(context, ResourceName.of(name), Privilege.OWNERSHIP, message);
        // a view (materialized or not) reads its tables with its owner's rights: giving it to another principal
        // would let its creator read through someone else's rights
        boolean toSelf = principal.getType() == PrincipalType.USER && principal.getName().equals(context.getIdentity().getUser());
        if (entityKindAndName.entityKind().toUpperCase(Locale.ROOT).contains("VIEW") && !toSelf) {
            requireAdmin(context.getIdentity(), "set authorization of " + entityKindAndName, message + ": a view runs with its owner's rights; only an administrator gives it to someone else");
        }
    }

    // ---- privileges and roles live in the policy file, not in SQL

    @Override
    public void checkCanGrantSchemaPrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaName schema, TrinoPrincipal grantee, boolean grantOption)
    {
        denyManagedInPolicy(context, "grant privilege on schema " + schema);
    }

    @Override
    public void checkCanDenySchemaPrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaName schema, TrinoPrincipal grantee)
    {
        denyManagedInPolicy(context, "deny privilege on schema " + schema);
    }

    @Override
    public void checkCanRevokeSchemaPrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaName schema, TrinoPrincipal revokee, boolean grantOption)
    {
        denyManagedInPolicy(context, "revoke privilege on schema " + schema);
    }

    @Override
    public void checkCanGrantTablePrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal grantee, boolean grantOption)
    {
        denyManagedInPolicy(context, "grant privilege on table " + table);
    }

    @Override
    public void checkCanDenyTablePrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal grantee)
    {
        denyManagedInPolicy(context, "deny privilege on table " + table);
    }

    @Override
    public void checkCanRevokeTablePrivilege(SystemSecurityContext context, io.trino.spi.security.Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal revokee, boolean grantOption)
    {
        denyManagedInPolicy(context, "revoke privilege on table " + table);
    }

    @Override
    public void checkCanGrantEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal grantee, boolean grantOption)
    {
        denyManagedInPolicy(context, "grant privilege on " + entity);
    }

    @Override
    public void checkCanDenyEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal grantee)
    {
        denyManagedInPolicy(context, "deny privilege on " + entity);
    }

    @Override
    public void checkCanRevokeEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal revokee, boolean grantOption)
    {
        denyManagedInPolicy(context, "revoke privilege on " + entity);
    }

    @Override
    public void checkCanShowRoles(SystemSecurityContext context)
    {
        // Trino's SQL roles are not used by this policy; listing them reveals nothing
    }

    @Override
    public void checkCanCreateRole(SystemSecurityContext context, String role, Optional<TrinoPrincipal> grantor)
    {
        denyManagedInPolicy(context, "create role " + role);
    }

    @Override
    public void checkCanDropRole(SystemSecurityContext context, String role)
    {
        denyManagedInPolicy(context, "drop role " + role);
    }

    @Override
    public void checkCanGrantRoles(SystemSecurityContext context, Set<String> roles, Set<TrinoPrincipal> grantees, boolean adminOption, Optional<TrinoPrincipal> grantor)
    {
        denyManagedInPolicy(context, "grant roles " + roles);
    }

    @Override
    public void checkCanRevokeRoles(SystemSecurityContext context, Set<String> roles, Set<TrinoPrincipal> grantees, boolean adminOption, Optional<TrinoPrincipal> grantor)
    {
        denyManagedInPolicy(context, "revoke roles " + roles);
    }

    @Override
    public void checkCanShowCurrentRoles(SystemSecurityContext context)
    {
        // as checkCanShowRoles
    }

    @Override
    public void checkCanShowRoleGrants(SystemSecurityContext context)
    {
        // as checkCanShowRoles
    }

    // ---- procedures and functions

    @Override
    public void checkCanExecuteProcedure(SystemSecurityContext context, CatalogSchemaRoutineName procedure)
    {
        require(context, routine(procedure), Privilege.EXECUTE, "Cannot execute procedure " + procedure);
    }

    @Override
    public boolean canExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        if (isBuiltin(functionName)) {
            return true;
        }
        ResourceName function = routine(functionName);
        PolicyEvaluator evaluator = policies.evaluator();
        Subject subject = evaluator.subject(context.getIdentity());
        RequestInfo request = requests.request(context);
        Decision decision = evaluator.check(subject, request, function, Privilege.EXECUTE);
        if (decision.allowed() && RAW_DATA_TABLE_FUNCTIONS.contains(functionName.getRoutineName())
                && evaluator.mayFilterOrMask(subject, request, ResourceName.of(functionName.getCatalogName()))) {
            decision = new Decision(false, List.of("raw-data guard: %s reads tables without their filters and masks".formatted(functionName)), true);
        }
        if (!decision.allowed()) {
            audit.denied(context.getIdentity(), queryId(context), "execute function", function.toString(), evaluator.policy().version(), decision);
        }
        return decision.allowed();
    }

    @Override
    public boolean canCreateViewWithExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        return canExecuteFunction(context, functionName);
    }

    @Override
    public void checkCanExecuteTableProcedure(SystemSecurityContext context, CatalogSchemaTableName table, String procedure)
    {
        require(context, relation(table), Privilege.ALTER, "Cannot execute table procedure %s on %s".formatted(procedure, table));
    }

    @Override
    public Set<SchemaFunctionName> filterFunctions(SystemSecurityContext context, String catalogName, Set<SchemaFunctionName> functionNames)
    {
        Set<SchemaFunctionName> visible = new LinkedHashSet<>();
        for (SchemaFunctionName function : functionNames) {
            if ((catalogName.equals(SYSTEM) && function.getSchemaName().equals("builtin"))
                    || visible(context, ResourceName.of(catalogName, function.getSchemaName(), function.getFunctionName()))) {
                visible.add(function);
            }
        }
        return visible;
    }

    @Override
    public void checkCanCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        require(context, ResourceName.of(functionName.getCatalogName(), functionName.getSchemaName()), Privilege.CREATE, "Cannot create function " + functionName);
    }

    @Override
    public void checkCanDropFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        require(context, routine(functionName), Privilege.DROP, "Cannot drop function " + functionName);
    }

    @Override
    public void checkCanShowCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        requireVisible(context, routine(functionName), "Cannot show create function for " + functionName);
    }

    // ---- row filters and column masks

    @Override
    public List<ViewExpression> getRowFilters(SystemSecurityContext context, CatalogSchemaTableName tableName)
    {
        if (isMetadataSchema(tableName.getCatalogName(), tableName.getSchemaTableName().getSchemaName())) {
            return List.of();
        }
        PolicyEvaluator evaluator = policies.evaluator();
        Subject subject = evaluator.subject(context.getIdentity());
        ResourceName relation = relation(tableName);
        if (isConnectorMetadataTable(tableName)) {
            // t$files and the like have columns of their own, which the base table's filter does not fit: the engine
            // analyses filters before it checks access, so it would fail naming the filter's columns instead of
            // denying. checkCanSelectFromColumns denies them when the base table is filtered or masked; this filter
            // keeps them empty all the same.
            return evaluator.mayFilterOrMask(subject, requests.request(context), relation)
                    ? List.of(expression(tableName, "false", Optional.empty()))
                    : List.of();
        }
        Optional<AppliedFilter> filter = evaluator.rowFilter(subject, requests.request(context), relation);
        audit.applied(context.getIdentity(), queryId(context), relation, evaluator.policy().version(), filter, Map.of());
        return filter.map(applied -> List.of(expression(tableName, applied.expression(), applied.identity()))).orElse(List.of());
    }

    @Override
    public Map<ColumnSchema, ViewExpression> getColumnMasks(SystemSecurityContext context, CatalogSchemaTableName tableName, List<ColumnSchema> columns)
    {
        // a metadata table's columns are not its base table's: masks written for those would not fit (see getRowFilters)
        if (isMetadataSchema(tableName.getCatalogName(), tableName.getSchemaTableName().getSchemaName()) || isConnectorMetadataTable(tableName)) {
            return Map.of();
        }
        PolicyEvaluator evaluator = policies.evaluator();
        Subject subject = evaluator.subject(context.getIdentity());
        ResourceName relation = relation(tableName);
        Map<String, ColumnSchema> byName = new HashMap<>();
        List<PolicyEvaluator.Column> visibleColumns = new ArrayList<>(columns.size());
        for (ColumnSchema column : columns) {
            // hidden columns are guarded in checkCanSelectFromColumns instead: masks must keep their type
            if (!column.isHidden()) {
                byName.put(column.getName(), column);
                visibleColumns.add(new PolicyEvaluator.Column(column.getName(), column.getType()));
            }
        }
        Map<String, AppliedMask> masks = evaluator.masks(subject, requests.request(context), relation, visibleColumns);
        audit.applied(context.getIdentity(), queryId(context), relation, evaluator.policy().version(), Optional.empty(), masks);
        Map<ColumnSchema, ViewExpression> result = new HashMap<>();
        masks.forEach((column, mask) -> result.put(byName.get(column), expression(tableName, mask.expression(), mask.identity())));
        return result;
    }

    private ViewExpression expression(CatalogSchemaTableName table, String sql, Optional<String> identity)
    {
        ViewExpression.Builder builder = ViewExpression.builder()
                .catalog(table.getCatalogName())
                .schema(table.getSchemaTableName().getSchemaName())
                .expression(sql);
        identity.ifPresent(builder::identity);
        if (!expressionPath.isEmpty()) {
            builder.setPath(expressionPath);
        }
        return builder.build();
    }

    // ---- helpers

    private boolean catalogVisible(SystemSecurityContext context, String catalog)
    {
        if (catalog.equals(SYSTEM)) {
            // the system catalog holds metadata the engine filters per object: visible to whoever may see any catalog
            PolicyEvaluator evaluator = policies.evaluator();
            return visible(context, ResourceName.of(SYSTEM)) || evaluator.grantsAnything(evaluator.subject(context.getIdentity()));
        }
        return visible(context, ResourceName.of(catalog));
    }

    private static boolean isMetadataSchema(String catalog, String schema)
    {
        return schema.equals(INFORMATION_SCHEMA) || (catalog.equals(SYSTEM) && SYSTEM_METADATA_SCHEMAS.contains(schema));
    }

    private static boolean isConnectorMetadataTable(CatalogSchemaTableName table)
    {
        return table.getSchemaTableName().getTableName().indexOf('$') > 0;
    }

    private static boolean isBuiltin(CatalogSchemaRoutineName function)
    {
        return function.getCatalogName().equals(SYSTEM) && function.getSchemaName().equals("builtin");
    }

    private boolean visible(SystemSecurityContext context, ResourceName resource)
    {
        PolicyEvaluator evaluator = policies.evaluator();
        return evaluator.visibility(evaluator.subject(context.getIdentity()), requests.request(context), resource).allowed();
    }

    private void requireVisible(SystemSecurityContext context, ResourceName resource, String message)
    {
        PolicyEvaluator evaluator = policies.evaluator();
        Decision decision = evaluator.visibility(evaluator.subject(context.getIdentity()), requests.request(context), resource);
        if (!decision.allowed()) {
            deny(context, "show", resource.toString(), decision, message);
        }
    }

    private void require(SystemSecurityContext context, ResourceName resource, Privilege privilege, String message)
    {
        PolicyEvaluator evaluator = policies.evaluator();
        Decision decision = evaluator.check(evaluator.subject(context.getIdentity()), requests.request(context), resource, privilege);
        if (!decision.allowed()) {
            deny(context, privilege.name().toLowerCase(Locale.ROOT), resource.toString(), decision, message);
        }
    }

    private boolean isAdmin(Identity identity)
    {
        return policies.evaluator().subject(identity).admin();
    }

    private void requireAdmin(Identity identity, String operation, String message)
    {
        if (!isAdmin(identity)) {
            audit.denied(identity, Optional.empty(), operation, "", policies.evaluator().policy().version(), new Decision(false, List.of("admin only"), true));
            throw new AccessDeniedException(message);
        }
    }

    private void denyManagedInPolicy(SystemSecurityContext context, String operation)
    {
        deny(context, operation, "", new Decision(false, List.of("managed in the policy file"), true),
                "Cannot %s: privileges and roles are managed in the Floe policy file".formatted(operation));
    }

    private void deny(SystemSecurityContext context, String operation, String resource, String message)
    {
        deny(context, operation, resource, new Decision(false, List.of(), true), message);
    }

    private void deny(SystemSecurityContext context, String operation, String resource, Decision decision, String message)
    {
        audit.denied(context.getIdentity(), queryId(context), operation, resource, policies.evaluator().policy().version(), decision);
        throw new AccessDeniedException(message);
    }

    private static Optional<String> queryId(SystemSecurityContext context)
    {
        return Optional.ofNullable(context.getQueryId()).map(QueryId::getId);
    }

    private static ResourceName resource(CatalogSchemaName schema)
    {
        return ResourceName.of(schema.getCatalogName(), schema.getSchemaName());
    }

    private static ResourceName schemaOf(CatalogSchemaTableName table)
    {
        return ResourceName.of(table.getCatalogName(), table.getSchemaTableName().getSchemaName());
    }

    private static ResourceName relation(CatalogSchemaTableName table)
    {
        return baseRelation(table.getCatalogName(), table.getSchemaTableName());
    }

    /**
     * A relation's resource; metadata tables such as {@code orders$files} are the relation {@code orders},
     * so they follow its privileges (the engine sees them as separate tables).
     */
    private static ResourceName baseRelation(String catalog, SchemaTableName table)
    {
        String name = table.getTableName();
        int dollar = name.indexOf('$');
        return ResourceName.of(catalog, table.getSchemaName(), dollar > 0 ? name.substring(0, dollar) : name);
    }

    private static ResourceName routine(CatalogSchemaRoutineName routine)
    {
        return ResourceName.of(routine.getCatalogName(), routine.getSchemaName(), routine.getRoutineName());
    }
}
