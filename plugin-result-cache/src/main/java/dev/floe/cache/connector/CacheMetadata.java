package dev.floe.cache.connector;

import dev.floe.cache.freshness.FreshnessEvaluator;
import dev.floe.cache.freshness.IcebergTables;
import dev.floe.cache.refresh.RefreshException;
import dev.floe.cache.refresh.RefreshPlan;
import dev.floe.cache.refresh.ViewRefresher;
import dev.floe.cache.refresh.ViewSql;
import dev.floe.cache.store.ViewStore;
import dev.floe.cache.view.ViewColumn;
import dev.floe.cache.view.ViewDefinition;
import dev.floe.cache.view.ViewProperties;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorMaterializedViewDefinition;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.MaterializedViewFreshness;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.type.TypeId;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.trino.spi.StandardErrorCode.ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.GENERIC_USER_ERROR;
import static io.trino.spi.StandardErrorCode.INVALID_VIEW;
import static io.trino.spi.StandardErrorCode.NOT_FOUND;
import static io.trino.spi.StandardErrorCode.PERMISSION_DENIED;
import static io.trino.spi.StandardErrorCode.SCHEMA_NOT_EMPTY;
import static io.trino.spi.StandardErrorCode.SCHEMA_NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The materialized-view SPI of the cache catalog. Definitions and refresh states come from the {@link ViewStore}
 * (read once per transaction); the engine reads the storage table while {@link #getMaterializedViewFreshness} and
 * the grace period allow and runs the view's SQL otherwise; {@code REFRESH} is delegated to the {@link ViewRefresher}.
 */
final class CacheMetadata
        implements ConnectorMetadata
{
    static final String SYSTEM_SCHEMA = "system";

    private final String catalogName;
    private final ViewStore store;
    private final IcebergTables tables;
    private final FreshnessEvaluator freshness;
    private final ViewRefresher refresher;
    private final ViewPropertyNames propertyNames;
    private final Executor refreshExecutor;
    private final Clock clock;
    private ViewStore.Contents contents;

    CacheMetadata(String catalogName, ViewStore store, IcebergTables tables, FreshnessEvaluator freshness, ViewRefresher refresher, ViewPropertyNames propertyNames, Executor refreshExecutor, Clock clock)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.store = requireNonNull(store, "store is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.refresher = requireNonNull(refresher, "refresher is null");
        this.propertyNames = requireNonNull(propertyNames, "propertyNames is null");
        this.refreshExecutor = requireNonNull(refreshExecutor, "refreshExecutor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private synchronized ViewStore.Contents contents()
    {
        if (contents == null) {
            contents = store.read();
        }
        return contents;
    }

    private synchronized void changed()
    {
        contents = null;
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        List<String> schemas = new ArrayList<>(contents().schemas());
        schemas.add(SYSTEM_SCHEMA);
        return schemas.stream().sorted().toList();
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return SYSTEM_SCHEMA.equals(schemaName) || contents().schemas().contains(schemaName);
    }

    @Override
    public void createSchema(ConnectorSession session, String schemaName, Map<String, Object> properties, TrinoPrincipal owner)
    {
        if (schemaExists(session, schemaName)) {
            throw new TrinoException(ALREADY_EXISTS, "Schema %s.%s already exists".formatted(catalogName, schemaName));
        }
        checkName("Schema", schemaName);
        store.createSchema(schemaName);
        changed();
    }

    @Override
    public void dropSchema(ConnectorSession session, String schemaName, boolean cascade)
    {
        if (SYSTEM_SCHEMA.equals(schemaName) || !contents().schemas().contains(schemaName)) {
            throw new TrinoException(SCHEMA_NOT_FOUND, "Schema %s.%s does not exist".formatted(catalogName, schemaName));
        }
        List<SchemaTableName> views = listMaterializedViews(session, Optional.of(schemaName));
        if (!views.isEmpty() && !cascade) {
            throw new TrinoException(SCHEMA_NOT_EMPTY, "Schema %s.%s is not empty: it has the materialized views %s".formatted(catalogName, schemaName, views));
        }
        views.forEach(view -> dropMaterializedView(session, view));
        store.dropSchema(schemaName);
        changed();
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        // the catalog has no tables of its own; the engine reads the storage tables through their catalog
        return null;
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        return listMaterializedViews(session, schemaName);
    }

    @Override
    public List<SchemaTableName> listMaterializedViews(ConnectorSession session, Optional<String> schemaName)
    {
        return contents().views().keySet().stream()
                .filter(name -> schemaName.map(name.getSchemaName()::equals).orElse(true))
                .sorted(Comparator.comparing(SchemaTableName::toString))
                .collect(toImmutableList());
    }

    @Override
    public Map<SchemaTableName, ConnectorMaterializedViewDefinition> getMaterializedViews(ConnectorSession session, Optional<String> schemaName)
    {
        return listMaterializedViews(session, schemaName).stream()
                .collect(toImmutableMap(name -> name, name -> getMaterializedView(session, name).orElseThrow()));
    }

    @Override
    public Optional<ConnectorMaterializedViewDefinition> getMaterializedView(ConnectorSession session, SchemaTableName viewName)
    {
        return contents().view(viewName).map(view -> toSpi(view, refreshPlan(session, view)));
    }

    @Override
    public Map<String, Object> getMaterializedViewProperties(ConnectorSession session, SchemaTableName viewName, ConnectorMaterializedViewDefinition definition)
    {
        return propertyNames.asMap(requireView(viewName).properties());
    }

    @Override
    public MaterializedViewFreshness getMaterializedViewFreshness(ConnectorSession session, SchemaTableName name)
    {
        ViewDefinition view = requireView(name);
        if (refreshPlan(session, view).isPresent()) {
            // a refresh statement: compute the view
            return new MaterializedViewFreshness(MaterializedViewFreshness.Freshness.STALE, Optional.empty());
        }
        return freshness.evaluate(view, contents().state(view)).toSpi();
    }

    @Override
    public void createMaterializedView(ConnectorSession session, SchemaTableName viewName, ConnectorMaterializedViewDefinition definition, Map<String, Object> properties, boolean replace, boolean ignoreExisting)
    {
        checkName("Materialized view", viewName.getTableName());
        if (!contents().schemas().contains(viewName.getSchemaName())) {
            throw new TrinoException(SCHEMA_NOT_FOUND, "Schema %s.%s does not exist".formatted(catalogName, viewName.getSchemaName()));
        }
        Optional<ViewDefinition> existing = contents().view(viewName);
        if (existing.isPresent() && !replace) {
            if (ignoreExisting) {
                return;
            }
            throw new TrinoException(ALREADY_EXISTS, "Materialized view %s.%s already exists".formatted(catalogName, viewName));
        }
        List<ViewColumn> columns = definition.getColumns().stream()
                .map(column -> new ViewColumn(column.getName(), column.getType().getId(), column.getComment()))
                .toList();
        ViewProperties viewProperties = propertyNames.fromCreate(properties, columns);
        String storageTable = viewName.getSchemaName() + "__" + viewName.getTableName();
        SchemaTableName storageName = new SchemaTableName(viewProperties.storageSchema(), storageTable);
        contents().views().values().stream()
                .filter(other -> !other.viewName().equals(viewName) && other.storageName().equals(storageName))
                .findFirst()
                .ifPresent(other -> {
                    throw new TrinoException(ALREADY_EXISTS, "The storage table %s.%s is already used by materialized view %s.%s".formatted(tables.trinoCatalog(), storageName, catalogName, other.viewName()));
                });
        try {
            ViewSql.parse(definition.getOriginalSql(), definition.getCatalog(), definition.getSchema());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(INVALID_VIEW, e.getMessage(), e);
        }
        ViewDefinition view = new ViewDefinition(
                UUID.randomUUID().toString(),
                viewName.getSchemaName(),
                viewName.getTableName(),
                definition.getOriginalSql(),
                definition.getCatalog(),
                definition.getSchema(),
                columns,
                definition.getGracePeriod(),
                definition.getComment(),
                definition.getOwner(),
                definition.getPath().stream().map(path -> path.getCatalogName() + "." + path.getSchemaName()).toList(),
                viewProperties,
                storageTable,
                clock.instant());
        store.putView(view);
        existing.filter(old -> !old.storageName().equals(storageName)).ifPresent(this::dropStorage);
        changed();
    }

    @Override
    public void setMaterializedViewProperties(ConnectorSession session, SchemaTableName viewName, Map<String, Optional<Object>> properties)
    {
        ViewDefinition view = requireView(viewName);
        store.putView(view.withProperties(propertyNames.altered(view.properties(), properties, view.columns())));
        changed();
    }

    @Override
    public void dropMaterializedView(ConnectorSession session, SchemaTableName viewName)
    {
        ViewDefinition view = requireView(viewName);
        store.removeView(viewName);
        dropStorage(view);
        changed();
    }

    @Override
    public boolean delegateMaterializedViewRefreshToConnector(ConnectorSession session, SchemaTableName viewName)
    {
        return true;
    }

    @Override
    public CompletableFuture<?> refreshMaterializedView(ConnectorSession session, SchemaTableName viewName)
    {
        requireView(viewName);
        return CompletableFuture.runAsync(() -> {
            try {
                refresher.refresh(viewName);
            }
            catch (RefreshException e) {
                throw new TrinoException(GENERIC_USER_ERROR, e.getMessage(), e);
            }
        }, refreshExecutor);
    }

    /**
     * The refresh plan of the session, when it is a refresh of this view. Only the refresh user may send one: it
     * changes what the view computes (older snapshots, appended rows only).
     */
    private Optional<RefreshPlan> refreshPlan(ConnectorSession session, ViewDefinition view)
    {
        Optional<RefreshPlan> plan = CacheSessionProperties.refreshPlan(session);
        if (plan.isEmpty() || !plan.get().view().equals(ViewRefresher.leaseKey(view.viewName()))) {
            return Optional.empty();
        }
        if (!session.getUser().equals(refresher.refreshUser())) {
            throw new TrinoException(PERMISSION_DENIED, "Session property %s.%s is reserved for the refresh user".formatted(catalogName, RefreshPlan.SESSION_PROPERTY));
        }
        return plan;
    }

    private ConnectorMaterializedViewDefinition toSpi(ViewDefinition view, Optional<RefreshPlan> plan)
    {
        String sql = plan
                .map(refresh -> ViewSql.parse(view.originalSql(), view.catalog(), view.defaultSchema()).rewrite(refresh.tablePins()))
                .orElse(view.originalSql());
        return new ConnectorMaterializedViewDefinition(
                sql,
                Optional.of(new CatalogSchemaTableName(view.properties().storageCatalog(), view.storageName())),
                view.catalog(),
                view.defaultSchema(),
                view.columns().stream()
                        .map(column -> new ConnectorMaterializedViewDefinition.Column(column.name(), TypeId.of(column.type()), column.comment()))
                        .toList(),
                view.gracePeriod(),
                view.comment(),
                view.owner(),
                view.path().stream().map(CacheMetadata::catalogSchema).toList());
    }

    private static CatalogSchemaName catalogSchema(String path)
    {
        int dot = path.indexOf('.');
        return new CatalogSchemaName(path.substring(0, dot), path.substring(dot + 1));
    }

    private ViewDefinition requireView(SchemaTableName viewName)
    {
        return contents().view(viewName).orElseThrow(() -> new TrinoException(NOT_FOUND, "Materialized view %s.%s does not exist".formatted(catalogName, viewName)));
    }

    private void dropStorage(ViewDefinition view)
    {
        tables.catalog().dropTable(TableIdentifier.of(view.properties().storageSchema(), view.storageTable()), true);
    }

    private static void checkName(String kind, String name)
    {
        if (name.contains(".")) {
            throw new TrinoException(GENERIC_USER_ERROR, "%s name '%s' must not contain '.' in a cache catalog".formatted(kind, name));
        }
    }
}
