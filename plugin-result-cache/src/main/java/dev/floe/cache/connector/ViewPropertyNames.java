package dev.floe.cache.connector;

import com.google.common.collect.ImmutableMap;
import dev.floe.cache.view.RefreshSchedule;
import dev.floe.cache.view.ViewColumn;
import dev.floe.cache.view.ViewProperties;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.StandardErrorCode.INVALID_MATERIALIZED_VIEW_PROPERTY;
import static io.trino.spi.session.PropertyMetadata.stringProperty;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/** The {@code WITH (…)} properties of cached views, and their translation to and from {@link ViewProperties}. */
public final class ViewPropertyNames
{
    public static final String REFRESH_INTERVAL = "refresh_interval";
    public static final String REFRESH_SCHEDULE = "refresh_schedule";
    public static final String STORAGE_CATALOG = "storage_catalog";
    public static final String STORAGE_SCHEMA = "storage_schema";
    public static final String INCREMENTAL_COLUMN = "incremental_column";

    private final String storageCatalog;
    private final String storageSchema;

    public ViewPropertyNames(String storageCatalog, String storageSchema)
    {
        this.storageCatalog = requireNonNull(storageCatalog, "storageCatalog is null");
        this.storageSchema = requireNonNull(storageSchema, "storageSchema is null");
    }

    public List<PropertyMetadata<?>> properties()
    {
        return List.of(
                stringProperty(REFRESH_INTERVAL, "Refresh this often after the last refresh, e.g. '15m' (or use refresh_schedule)", null, false),
                stringProperty(REFRESH_SCHEDULE, "Refresh at the times of this Unix cron expression (UTC), e.g. '0 * * * *'", null, false),
                stringProperty(STORAGE_CATALOG, "Iceberg catalog of the storage table", storageCatalog, false),
                stringProperty(STORAGE_SCHEMA, "Schema of the storage table", storageSchema, false),
                stringProperty(INCREMENTAL_COLUMN, "Column whose growing values mark new rows: a refresh appends the rows above the stored maximum", null, false));
    }

    /** The properties of {@code CREATE}, validated against the view's columns; errors name the property. */
    public ViewProperties fromCreate(Map<String, Object> values, List<ViewColumn> columns)
    {
        String catalog = (String) values.getOrDefault(STORAGE_CATALOG, storageCatalog);
        if (!storageCatalog.equals(catalog)) {
            throw invalid("%s '%s' is not an Iceberg catalog this cache catalog can store in: only '%s' (cache.storage-catalog) can".formatted(STORAGE_CATALOG, catalog, storageCatalog));
        }
        String schema = (String) values.getOrDefault(STORAGE_SCHEMA, storageSchema);
        if (schema == null || schema.isBlank() || schema.contains(".")) {
            throw invalid("%s must be a schema name, not '%s'".formatted(STORAGE_SCHEMA, schema));
        }
        Optional<Duration> interval = Optional.ofNullable((String) values.get(REFRESH_INTERVAL)).map(ViewPropertyNames::duration);
        Optional<String> schedule = Optional.ofNullable((String) values.get(REFRESH_SCHEDULE));
        Optional<String> incremental = Optional.ofNullable((String) values.get(INCREMENTAL_COLUMN)).map(value -> value.toLowerCase(Locale.ROOT));
        if (incremental.isPresent() && columns.stream().noneMatch(column -> column.name().equals(incremental.get()))) {
            throw invalid("%s '%s' is not a column of the view (columns: %s)".formatted(INCREMENTAL_COLUMN, incremental.get(), columns.stream().map(ViewColumn::name).toList()));
        }
        try {
            ViewProperties properties = new ViewProperties(catalog, schema.toLowerCase(Locale.ROOT), interval, schedule, incremental);
            properties.schedule();
            return properties;
        }
        catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** {@code ALTER MATERIALIZED VIEW … SET PROPERTIES}: an empty value resets a property to its default. */
    public ViewProperties altered(ViewProperties current, Map<String, Optional<Object>> changes, List<ViewColumn> columns)
    {
        for (String fixed : List.of(STORAGE_CATALOG, STORAGE_SCHEMA)) {
            if (changes.containsKey(fixed)) {
                throw invalid("%s cannot be changed; create the view again with CREATE OR REPLACE".formatted(fixed));
            }
        }
        Map<String, Object> values = new HashMap<>(asMap(current));
        changes.forEach((name, value) -> {
            if (value.isPresent()) {
                values.put(name, value.get());
            }
            else {
                values.remove(name);
            }
        });
        return fromCreate(values, columns);
    }

    /** The properties as {@code SHOW CREATE MATERIALIZED VIEW} prints them. */
    public Map<String, Object> asMap(ViewProperties properties)
    {
        ImmutableMap.Builder<String, Object> values = ImmutableMap.builder();
        values.put(STORAGE_CATALOG, properties.storageCatalog());
        values.put(STORAGE_SCHEMA, properties.storageSchema());
        properties.refreshInterval().ifPresent(interval -> values.put(REFRESH_INTERVAL, io.airlift.units.Duration.succinctDuration(interval.toMillis(), MILLISECONDS).toString()));
        properties.refreshSchedule().ifPresent(schedule -> values.put(REFRESH_SCHEDULE, schedule));
        properties.incrementalColumn().ifPresent(column -> values.put(INCREMENTAL_COLUMN, column));
        return values.buildOrThrow();
    }

    private static Duration duration(String value)
    {
        io.airlift.units.Duration parsed;
        try {
            parsed = io.airlift.units.Duration.valueOf(value.trim());
        }
        catch (IllegalArgumentException e) {
            throw invalid("%s '%s' is not a duration (e.g. '30s', '15m', '1h', '1d')".formatted(REFRESH_INTERVAL, value));
        }
        Duration interval = Duration.ofMillis(parsed.toMillis());
        if (interval.compareTo(RefreshSchedule.MIN_INTERVAL) < 0) {
            throw invalid("%s must be at least %s seconds, not '%s'".formatted(REFRESH_INTERVAL, RefreshSchedule.MIN_INTERVAL.toSeconds(), value));
        }
        return interval;
    }

    private static TrinoException invalid(String message)
    {
        return new TrinoException(INVALID_MATERIALIZED_VIEW_PROPERTY, message);
    }
}
