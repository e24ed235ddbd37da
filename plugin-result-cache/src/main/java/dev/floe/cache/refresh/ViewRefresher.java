package dev.floe.cache.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cache.freshness.IcebergTables;
import dev.floe.cache.freshness.QualifiedTable;
import dev.floe.cache.refresh.ViewSql.Pin;
import dev.floe.cache.refresh.ViewSql.Reference;
import dev.floe.cache.store.ViewStore;
import dev.floe.cache.view.RefreshState;
import dev.floe.cache.view.RefreshType;
import dev.floe.cache.view.SourceSnapshot;
import dev.floe.cache.view.ViewDefinition;
import io.airlift.log.Logger;
import io.trino.jdbc.TrinoConnection;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.trino.spi.StandardErrorCode.INVALID_VIEW;
import static io.trino.spi.StandardErrorCode.PERMISSION_DENIED;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.supplyAsync;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Refreshes one view, under its cluster-wide lease: finds the sources and their current snapshots, decides
 * between nothing (every source versioned and unchanged), an incremental append and a full recomputation, and
 * runs it as one SQL statement through the loopback connection — {@code CREATE OR REPLACE TABLE … AS} or
 * {@code INSERT}, each a single Iceberg commit, so readers see the previous result or the new one. The statement
 * selects from the view itself with a {@link RefreshPlan}, so the engine computes it with the view owner's rights
 * and the sources pinned at the snapshots recorded.
 */
public final class ViewRefresher
{
    private static final Logger log = Logger.get(ViewRefresher.class);
    /** How long a refresh waits for another node's lease: long enough for the release of a refresh that just finished. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Failures of an incremental statement after which a full refresh is tried: access denied, directly or while expanding the view. */
    private static final Set<Integer> NOT_PERMITTED = Set.of(PERMISSION_DENIED.toErrorCode().getCode(), INVALID_VIEW.toErrorCode().getCode());
    // plan nodes of a query that only scans, filters and projects one table (EXPLAIN (TYPE LOGICAL, FORMAT JSON))
    private static final Set<String> SCAN_NODES = Set.of("Output", "TableScan", "ScanFilter", "ScanProject", "ScanFilterProject", "Filter", "Project", "FilterProject");

    private final String cacheCatalog;
    private final ViewStore store;
    private final IcebergTables tables;
    private final Loopback loopback;
    private final RefreshLeases leases;
    private final String holder;
    private final Duration leaseDuration;
    private final ScheduledExecutorService leaseRenewals;
    private final Executor planChecks;
    private final Clock clock;
    private final ConcurrentMap<String, Turn> turns = new ConcurrentHashMap<>();

    public ViewRefresher(
            String cacheCatalog,
            ViewStore store,
            IcebergTables tables,
            Loopback loopback,
            RefreshLeases leases,
            String holder,
            Duration leaseDuration,
            ScheduledExecutorService leaseRenewals,
            Executor planChecks,
            Clock clock)
    {
        this.cacheCatalog = requireNonNull(cacheCatalog, "cacheCatalog is null");
        this.store = requireNonNull(store, "store is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.loopback = requireNonNull(loopback, "loopback is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.holder = requireNonNull(holder, "holder is null");
        this.leaseDuration = requireNonNull(leaseDuration, "leaseDuration is null");
        this.leaseRenewals = requireNonNull(leaseRenewals, "leaseRenewals is null");
        this.planChecks = requireNonNull(planChecks, "planChecks is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public static String leaseKey(SchemaTableName view)
    {
        return view.getSchemaName() + "." + view.getTableName();
    }

    public String refreshUser()
    {
        return loopback.user();
    }

    /** The holder of the view's refresh lease, unless it is this node's and only waits to be released. */
    public Optional<String> refreshingOn(SchemaTableName name)
    {
        String key = leaseKey(name);
        Turn turn = turns.get(key);
        boolean refreshingHere = turn != null && !turn.releasing;
        return leases.current(key)
                .map(RefreshLeases.Lease::holder)
                .filter(current -> !current.equals(holder) || refreshingHere);
    }

    /**
     * Refreshes the view now; fails when it does not exist, another node or another refresh on this node is refreshing
     * it, or the refresh fails. The lease is released after the state is saved, in the background: a refresh of the
     * view that starts on this node meanwhile waits for it, one on another node retries for {@link #RELEASE_WAIT}.
     */
    public RefreshState refresh(SchemaTableName name)
    {
        String key = leaseKey(name);
        Turn turn = takeTurn(name, key);
        boolean leased = false;
        try {
            acquire(name, key);
            leased = true;
            AtomicReference<String> leaseLost = new AtomicReference<>();
            AtomicLong renewedAt = new AtomicLong(clock.millis());
            RunningStatement running = new RunningStatement();
            long renewal = Math.max(1, leaseDuration.toMillis() / 3);
            ScheduledFuture<?> renewals = leaseRenewals.scheduleWithFixedDelay(() -> renew(key, renewedAt, renewal, leaseLost, running), renewal, renewal, MILLISECONDS);
            try {
                return refreshLeased(name, leaseLost, running);
            }
            finally {
                renewals.cancel(false);
            }
        }
        finally {
            if (leased) {
                releaseLater(key, turn);
            }
            else {
                turn.end();
            }
        }
    }

    private RefreshState refreshLeased(SchemaTableName name, AtomicReference<String> leaseLost, RunningStatement running)
    {
        // read after taking the lease: a refresh that just finished elsewhere is seen
        ViewStore.Contents contents = store.read();
        ViewDefinition view = contents.view(name).orElseThrow(() -> new RefreshException("Materialized view %s does not exist".formatted(qualified(name))));
        RefreshState state = contents.state(view);
        Instant start = clock.instant();
        RefreshState result;
        try {
            result = run(view, state, start, running);
        }
        catch (SQLException | RuntimeException e) {
            String message = Optional.ofNullable(leaseLost.get()).orElseGet(() -> message(e));
            store.putState(name, state.failed(start, message));
            log.warn("Refresh of %s.%s failed: %s", cacheCatalog, name, message);
            throw new RefreshException("Refresh of materialized view %s failed: %s".formatted(qualified(name), message), e);
        }
        store.putState(name, result);
        return result;
    }

    /**
     * The node's turn to refresh the view. The lease's holder is the node, so the lease alone does not keep two of its
     * own refreshes apart: a second one fails here as it would on another node, or waits if the first only has its
     * lease left to release.
     */
    private Turn takeTurn(SchemaTableName name, String key)
    {
        Turn turn = new Turn(key);
        while (true) {
            Turn current = turns.putIfAbsent(key, turn);
            if (current == null) {
                return turn;
            }
            if (!current.releasing) {
                throw beingRefreshed(name, holder);
            }
            try {
                // bounded: a release dropped at shutdown never ends its turn, and the lease expires by then anyway
                current.ended.get(leaseDuration.toMillis(), MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RefreshException("Interrupted while waiting for the previous refresh of %s to release its lease".formatted(qualified(name)));
            }
            catch (TimeoutException e) {
                throw beingRefreshed(name, holder);
            }
            catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Takes the lease; another node's lease is waited for a moment, as it may be a finished refresh's release in flight. */
    private void acquire(SchemaTableName name, String key)
    {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (!leases.acquire(key, holder, leaseDuration)) {
            if (System.nanoTime() >= deadline) {
                throw beingRefreshed(name, leases.current(key).map(RefreshLeases.Lease::holder).orElse("another node"));
            }
            try {
                MILLISECONDS.sleep(RELEASE_WAIT.toMillis() / 10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RefreshException("Interrupted while waiting for the refresh lease of %s".formatted(qualified(name)));
            }
        }
    }

    private RefreshException beingRefreshed(SchemaTableName name, String by)
    {
        return new RefreshException("Materialized view %s is being refreshed by %s".formatted(qualified(name), by));
    }

    /** The view's name as users write it: catalog, schema and name. */
    private String qualified(SchemaTableName name)
    {
        return "%s.%s.%s".formatted(cacheCatalog, name.getSchemaName(), name.getTableName());
    }

    /** Releases the lease on the renewals' thread: after a renewal in flight, so none takes it again afterwards. */
    private void releaseLater(String key, Turn turn)
    {
        turn.releasing = true;
        Runnable release = () -> {
            try {
                leases.release(key, holder);
            }
            catch (RuntimeException e) {
                // it expires by itself
                log.warn(e, "Cannot release the refresh lease of %s", key);
            }
            finally {
                turn.end();
            }
        };
        try {
            leaseRenewals.execute(release);
        }
        catch (RejectedExecutionException e) {
            // the catalog is shutting down: the lease expires by itself
            turn.end();
        }
    }

    /**
     * Renews the lease, or cancels the refresh's statement: when another node has it, or when renewals failed for so
     * long that the lease could expire before the next attempt (another node may take it then).
     */
    private void renew(String key, AtomicLong renewedAt, long renewalMillis, AtomicReference<String> leaseLost, RunningStatement running)
    {
        String lost;
        try {
            if (leases.acquire(key, holder, leaseDuration)) {
                renewedAt.set(clock.millis());
                return;
            }
            lost = "lost the refresh lease to another node; the statement was cancelled";
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot renew the refresh lease of %s", key);
            if (clock.millis() + renewalMillis < renewedAt.get() + leaseDuration.toMillis()) {
                return;
            }
            lost = "cannot renew the refresh lease (%s); the statement was cancelled before the lease could expire".formatted(message(e));
        }
        leaseLost.compareAndSet(null, lost);
        running.cancel();
    }

    private RefreshState run(ViewDefinition view, RefreshState state, Instant start, RunningStatement running)
            throws SQLException
    {
        String viewSql = QualifiedTable.quote(cacheCatalog) + "." + QualifiedTable.quote(view.schema()) + "." + QualifiedTable.quote(view.name());
        String planKey = leaseKey(view.viewName());
        ViewSql sql = ViewSql.parse(view.originalSql(), view.catalog(), view.defaultSchema());
        // each table is loaded once per refresh, so its snapshot is the same wherever this refresh looks at it
        Map<QualifiedTable, Optional<Table>> loaded = new HashMap<>();
        Function<QualifiedTable, Optional<Table>> source = table -> loaded.computeIfAbsent(table, tables::source);
        boolean namesTablesOnly = sql.complete() && sql.references().stream().allMatch(reference -> source.apply(reference.table()).isPresent());
        try (Connection connection = loopback.connect(); Statement statement = connection.createStatement()) {
            running.set(statement);
            setPlan(connection, RefreshPlan.of(planKey, Map.of()));
            // whether a view that names one table only scans it is a question for its plan: asked once per definition,
            // alongside the rest of the refresh
            CompletableFuture<Optional<Boolean>> scansOnly = state.scansOnly().isEmpty() && namesTablesOnly && sql.isSingleTableScan()
                    ? supplyAsync(() -> Optional.of(onlyScans(viewSql, planKey)), planChecks)
                    : completedFuture(state.scansOnly());
            // A view that names only tables of the storage catalog reads them and what policies' row filters read: the
            // inputs the last refresh found, if they include every table named (a name that was a view is not). The
            // engine is asked again for a full refresh, and for other views always.
            Set<QualifiedTable> recordedInputs = recordedTables(state);
            boolean inputsKnown = namesTablesOnly && state.refreshed()
                    && recordedInputs.containsAll(sql.references().stream().map(Reference::table).toList());
            Map<QualifiedTable, OptionalLong> sources = currentSources(inputsKnown ? List.copyOf(recordedInputs) : inputs(statement, viewSql), sql, source);
            Optional<Table> storage = tables.table(view.properties().storageSchema(), view.storageTable());
            boolean storageIntact = state.refreshed() && storage.isPresent()
                    && state.storageSnapshotId().equals(boxed(IcebergTables.currentSnapshot(storage.get())))
                    && recordedInputs.equals(sources.keySet());
            if (storageIntact && sources.values().stream().allMatch(OptionalLong::isPresent) && Set.copyOf(recorded(sources)).equals(Set.copyOf(state.sources()))) {
                return withPlanCheck(view, state.checked(start), scansOnly);
            }

            Map<QualifiedTable, Pin> pins = new HashMap<>();
            for (Reference reference : sql.references()) {
                OptionalLong snapshot = sources.getOrDefault(reference.table(), OptionalLong.empty());
                if (snapshot.isPresent()) {
                    pins.put(reference.table(), Pin.at(snapshot.getAsLong()));
                }
            }
            String storageSql = QualifiedTable.quote(tables.trinoCatalog()) + "." + QualifiedTable.quote(view.properties().storageSchema()) + "." + QualifiedTable.quote(view.storageTable());

            Optional<String> incremental = Optional.empty();
            Map<QualifiedTable, Pin> incrementalPins = pins;
            Optional<Pin> delta = storageIntact ? appendedRows(sql, state, sources, scansOnly, source) : Optional.empty();
            if (storageIntact && view.properties().incrementalColumn().isPresent()) {
                String column = QualifiedTable.quote(view.properties().incrementalColumn().get());
                String max = "(SELECT max(%s) FROM %s)".formatted(column, storageSql);
                // an empty storage table takes every row; one whose values of the column are all NULL takes the rows
                // with a value (its NULL rows are stored already)
                incremental = Optional.of("INSERT INTO %1$s SELECT * FROM %2$s WHERE NOT EXISTS (SELECT 1 FROM %1$s) OR %3$s > %4$s OR (%4$s IS NULL AND %3$s IS NOT NULL)"
                        .formatted(storageSql, viewSql, column, max));
            }
            else if (delta.isPresent()) {
                incrementalPins = new HashMap<>(pins);
                incrementalPins.put(sql.references().getFirst().table(), delta.get());
                incremental = Optional.of("INSERT INTO %s SELECT * FROM %s".formatted(storageSql, viewSql));
            }

            long rows = 0;
            RefreshType type = RefreshType.FULL;
            if (incremental.isPresent()) {
                try {
                    setPlan(connection, RefreshPlan.of(planKey, incrementalPins));
                    rows = statement.executeLargeUpdate(incremental.get());
                    type = RefreshType.INCREMENTAL;
                }
                catch (SQLException e) {
                    if (!NOT_PERMITTED.contains(e.getErrorCode())) {
                        throw e;
                    }
                    // e.g. the owner may not run table_changes (the engine reports it as an invalid view); the insert
                    // committed nothing, and a full refresh needs no rights beyond the view's own
                    log.info("Incremental refresh of %s.%s not permitted, refreshing fully: %s", cacheCatalog, view.viewName(), e.getMessage());
                }
            }
            if (type == RefreshType.FULL) {
                if (inputsKnown) {
                    // a policy may have made the view read another table since the inputs were found
                    setPlan(connection, RefreshPlan.of(planKey, Map.of()));
                    sources = currentSources(inputs(statement, viewSql), sql, source);
                }
                createSchema(view.properties().storageSchema());
                setPlan(connection, RefreshPlan.of(planKey, pins));
                rows = statement.executeLargeUpdate("CREATE OR REPLACE TABLE %s AS SELECT * FROM %s".formatted(storageSql, viewSql));
            }
            Table stored = tables.table(view.properties().storageSchema(), view.storageTable())
                    .orElseThrow(() -> new IllegalStateException("The storage table %s disappeared during the refresh".formatted(view.storageName())));
            Snapshot snapshot = stored.currentSnapshot();
            long bytes = snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-files-size", "0"));
            Duration duration = Duration.between(start, clock.instant());
            log.info("Refreshed %s.%s (%s, %s rows) in %s ms", cacheCatalog, view.viewName(), type, rows, duration.toMillis());
            RefreshState result = state.succeeded(start, duration, type, rows, bytes, recorded(sources), snapshot == null ? Optional.empty() : Optional.of(snapshot.snapshotId()));
            return withPlanCheck(view, result, scansOnly);
        }
        finally {
            running.set(null);
        }
    }

    /**
     * The rows appended to the view's one source since the recorded snapshot, when the view only scans, filters and
     * projects that source and every commit since then was an append; otherwise the refresh is a full one.
     */
    private static Optional<Pin> appendedRows(ViewSql sql, RefreshState state, Map<QualifiedTable, OptionalLong> sources, CompletableFuture<Optional<Boolean>> scansOnly, Function<QualifiedTable, Optional<Table>> source)
            throws SQLException
    {
        if (!sql.isSingleTableScan() || sources.size() != 1) {
            return Optional.empty();
        }
        QualifiedTable name = sql.references().getFirst().table();
        OptionalLong current = sources.getOrDefault(name, OptionalLong.empty());
        Optional<Long> from = state.sources().stream().filter(recorded -> recorded.table().equals(name.toString())).findFirst().flatMap(SourceSnapshot::snapshotId);
        Optional<Table> table = source.apply(name);
        if (current.isEmpty() || from.isEmpty() || table.isEmpty() || !IcebergTables.appendOnlySince(table.get(), from.get()) || !join(scansOnly).orElse(false)) {
            return Optional.empty();
        }
        List<String> columns = table.get().schema().columns().stream().map(Types.NestedField::name).toList();
        return Optional.of(Pin.appendedBetween(from.get(), current.getAsLong(), columns));
    }

    /** The state with the answer of the plan check: the recorded one, or the one asked in this refresh once answered. */
    private RefreshState withPlanCheck(ViewDefinition view, RefreshState state, CompletableFuture<Optional<Boolean>> scansOnly)
    {
        try {
            return scansOnly.join().map(state::withScansOnly).orElse(state);
        }
        catch (CompletionException e) {
            // asked again by the next refresh
            log.debug(e, "Cannot check the plan of %s.%s", cacheCatalog, view.viewName());
            return state;
        }
    }

    /** Whether the view's plan only scans, filters and projects (no join or aggregation, e.g. from a view it reads). */
    private boolean onlyScans(String viewSql, String planKey)
    {
        JsonNode plan;
        try (Connection connection = loopback.connect(); Statement statement = connection.createStatement()) {
            setPlan(connection, RefreshPlan.of(planKey, Map.of()));
            plan = explain(statement, "EXPLAIN (TYPE LOGICAL, FORMAT JSON) SELECT * FROM " + viewSql);
        }
        catch (SQLException e) {
            throw new CompletionException(e);
        }
        List<JsonNode> pending = new ArrayList<>(List.of(plan));
        while (!pending.isEmpty()) {
            JsonNode node = pending.removeLast();
            String name = node.path("name").asText();
            if (!SCAN_NODES.contains(name) && !name.contains("Exchange") && !name.equals("RemoteSource")) {
                return false;
            }
            node.path("children").forEach(pending::add);
        }
        return true;
    }

    /** The tables the view reads, through other views too, as the engine resolves them. */
    private static List<QualifiedTable> inputs(Statement statement, String viewSql)
            throws SQLException
    {
        JsonNode io = explain(statement, "EXPLAIN (TYPE IO, FORMAT JSON) SELECT * FROM " + viewSql);
        List<QualifiedTable> inputs = new ArrayList<>();
        for (JsonNode input : io.path("inputTableColumnInfos")) {
            JsonNode table = input.path("table");
            QualifiedTable name = QualifiedTable.of(table.path("catalog").asText(), table.path("schemaTable").path("schema").asText(), table.path("schemaTable").path("table").asText());
            if (!inputs.contains(name)) {
                inputs.add(name);
            }
        }
        return inputs;
    }

    /**
     * The current snapshot of each input, and each view the SQL names as a source without a version: the engine's
     * inputs are the tables under a view, which do not change when the view is replaced. A result over a view is then
     * fresh by time only (the grace period), as over any source without versions, and no refresh is skipped for
     * unchanged tables.
     */
    private static Map<QualifiedTable, OptionalLong> currentSources(List<QualifiedTable> inputs, ViewSql sql, Function<QualifiedTable, Optional<Table>> source)
    {
        Map<QualifiedTable, OptionalLong> sources = new LinkedHashMap<>();
        for (QualifiedTable input : inputs) {
            sources.put(input, source.apply(input).map(IcebergTables::currentSnapshot).orElse(OptionalLong.empty()));
        }
        for (Reference reference : sql.references()) {
            if (source.apply(reference.table()).isEmpty()) {
                sources.put(reference.table(), OptionalLong.empty());
            }
        }
        return sources;
    }

    private static List<SourceSnapshot> recorded(Map<QualifiedTable, OptionalLong> sources)
    {
        return sources.entrySet().stream()
                .map(entry -> SourceSnapshot.of(entry.getKey().toString(), entry.getValue()))
                .toList();
    }

    /** The tables the last refresh found the view reading, in its order. */
    private static Set<QualifiedTable> recordedTables(RefreshState state)
    {
        return state.sources().stream().map(source -> QualifiedTable.parse(source.table())).collect(toImmutableSet());
    }

    private static JsonNode explain(Statement statement, String sql)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException("No plan for " + sql);
            }
            return MAPPER.readTree(result.getString(1));
        }
        catch (JsonProcessingException e) {
            throw new SQLException("Unreadable plan for " + sql, e);
        }
    }

    /** Sets the plan for the connection's next statements (sent with each, no round trip of its own). */
    private void setPlan(Connection connection, RefreshPlan plan)
            throws SQLException
    {
        connection.unwrap(TrinoConnection.class).setSessionProperty(cacheCatalog + "." + RefreshPlan.SESSION_PROPERTY, plan.encode());
    }

    private static <T> T join(CompletableFuture<T> check)
            throws SQLException
    {
        try {
            return check.join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void createSchema(String schema)
    {
        if (tables.catalog() instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(Namespace.of(schema))) {
            try {
                namespaces.createNamespace(Namespace.of(schema), new HashMap<>(Map.of("comment", "Storage tables of Floe cached views; readable through the views only")));
            }
            catch (AlreadyExistsException e) {
                // created meanwhile
            }
        }
    }

    private static String message(Exception e)
    {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static Optional<Long> boxed(OptionalLong value)
    {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    /** One refresh of a view on this node, from taking the lease to releasing it. */
    private final class Turn
    {
        private final String key;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile boolean releasing;

        Turn(String key)
        {
            this.key = key;
        }

        void end()
        {
            turns.remove(key, this);
            ended.complete(null);
        }
    }

    /** The statement a refresh is running, so a lost lease can cancel it. */
    private static final class RunningStatement
    {
        private Statement statement;

        synchronized void set(Statement statement)
        {
            this.statement = statement;
        }

        synchronized void cancel()
        {
            if (statement != null) {
                try {
                    statement.cancel();
                }
                catch (SQLException e) {
                    log.warn(e, "Cannot cancel a refresh statement");
                }
            }
        }
    }
}
