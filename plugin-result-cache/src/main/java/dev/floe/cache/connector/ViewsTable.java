package dev.floe.cache.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cache.freshness.Freshness;
import dev.floe.cache.freshness.FreshnessEvaluator;
import dev.floe.cache.refresh.RefreshScheduler;
import dev.floe.cache.refresh.ViewRefresher;
import dev.floe.cache.store.ViewStore;
import dev.floe.cache.view.RefreshState;
import dev.floe.cache.view.SourceSnapshot;
import dev.floe.cache.view.ViewDefinition;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/** {@code system.views}: every cached view with its definition, schedule, freshness, last refresh and last error. */
final class ViewsTable
        implements SystemTable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<ColumnMetadata> COLUMNS = List.of(
            column("schema_name", VARCHAR),
            column("view_name", VARCHAR),
            column("owner", VARCHAR),
            column("definition", VARCHAR),
            column("storage_table", VARCHAR),
            column("refresh_interval", VARCHAR),
            column("refresh_schedule", VARCHAR),
            column("incremental_column", VARCHAR),
            column("grace_period", VARCHAR),
            column("freshness", VARCHAR),
            column("freshness_detail", VARCHAR),
            column("last_fresh_time", TIMESTAMP_TZ_MILLIS),
            column("last_refresh_time", TIMESTAMP_TZ_MILLIS),
            column("last_refresh_type", VARCHAR),
            column("last_refresh_duration_ms", BIGINT),
            column("last_refresh_rows", BIGINT),
            column("last_refresh_bytes", BIGINT),
            column("source_snapshots", VARCHAR),
            column("next_refresh", TIMESTAMP_TZ_MILLIS),
            column("refreshing_on", VARCHAR),
            column("last_error", VARCHAR),
            column("last_error_time", TIMESTAMP_TZ_MILLIS),
            column("consecutive_failures", BIGINT));

    private final String catalogName;
    private final ViewStore store;
    private final FreshnessEvaluator freshness;
    private final RefreshScheduler scheduler;
    private final ViewRefresher refresher;
    private final ViewPropertyNames propertyNames;
    private final ClassLoader pluginClassLoader;

    ViewsTable(String catalogName, ViewStore store, FreshnessEvaluator freshness, RefreshScheduler scheduler, ViewRefresher refresher, ViewPropertyNames propertyNames, ClassLoader pluginClassLoader)
    {
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.store = requireNonNull(store, "store is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.refresher = requireNonNull(refresher, "refresher is null");
        this.propertyNames = requireNonNull(propertyNames, "propertyNames is null");
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return new ConnectorTableMetadata(new SchemaTableName(CacheMetadata.SYSTEM_SCHEMA, "views"), COLUMNS);
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transaction, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        // Iceberg's catalog client loads implementations through the context class loader
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            return rows().build().cursor();
        }
    }

    private InMemoryRecordSet.Builder rows()
    {
        InMemoryRecordSet.Builder rows = InMemoryRecordSet.builder(COLUMNS.stream().map(ColumnMetadata::getType).toList());
        ViewStore.Contents contents = store.read();
        for (ViewDefinition view : contents.views().values().stream().sorted(Comparator.comparing(view -> view.viewName().toString())).toList()) {
            RefreshState state = contents.state(view);
            Freshness current = freshness.evaluate(view, state);
            Map<String, Object> properties = propertyNames.asMap(view.properties());
            List<Object> row = new ArrayList<>();
            row.add(view.schema());
            row.add(view.name());
            row.add(view.owner().orElse(null));
            row.add(view.originalSql());
            row.add(view.properties().storageCatalog() + "." + view.storageName());
            row.add(properties.get(ViewPropertyNames.REFRESH_INTERVAL));
            row.add(properties.get(ViewPropertyNames.REFRESH_SCHEDULE));
            row.add(properties.get(ViewPropertyNames.INCREMENTAL_COLUMN));
            row.add(view.gracePeriod().map(Object::toString).orElse(null));
            row.add(current.state().name());
            row.add(current.detail());
            row.add(timestamp(current.lastFreshTime()));
            row.add(timestamp(state.refreshedAt()));
            row.add(state.type().map(Enum::name).orElse(null));
            row.add(state.duration().map(java.time.Duration::toMillis).orElse(null));
            row.add(state.refreshed() ? state.rows() : null);
            row.add(state.refreshed() ? state.bytes() : null);
            row.add(state.refreshed() ? snapshots(state.sources()) : null);
            row.add(timestamp(scheduler.nextRefresh(view, state)));
            row.add(refresher.refreshingOn(view.viewName()).orElse(null));
            row.add(state.lastError().orElse(null));
            row.add(timestamp(state.lastErrorAt()));
            row.add((long) state.consecutiveFailures());
            rows.addRow(row.toArray());
        }
        return rows;
    }

    private static String snapshots(List<SourceSnapshot> sources)
    {
        Map<String, Long> bySource = new LinkedHashMap<>();
        sources.forEach(source -> bySource.put(source.table(), source.snapshotId().orElse(null)));
        try {
            return MAPPER.writeValueAsString(bySource);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long timestamp(Optional<Instant> instant)
    {
        return instant.filter(value -> !value.equals(Instant.MAX)).map(value -> packDateTimeWithZone(value.toEpochMilli(), UTC_KEY)).orElse(null);
    }

    private static ColumnMetadata column(String name, Type type)
    {
        return new ColumnMetadata(name, type);
    }

    @Override
    public String toString()
    {
        return catalogName + ".system.views";
    }
}
