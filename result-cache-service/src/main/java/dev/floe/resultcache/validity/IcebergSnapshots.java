package dev.floe.resultcache.validity;

import com.google.common.collect.ImmutableMap;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Current snapshot ids and metadata files of Iceberg tables, read from the REST catalogs behind the coordinator's Iceberg catalogs
 * with Apache Iceberg's own {@link RESTCatalog}: one {@code loadTable} per input and lookup, so a hit is checked
 * against the catalog's state at that moment, never against a copy. Only metadata is read; the FileIO is the
 * in-memory one, which touches no data files.
 */
public final class IcebergSnapshots
        implements AutoCloseable
{
    private final Map<String, URI> catalogUris;
    private final Map<String, RESTCatalog> catalogs = new ConcurrentHashMap<>();

    public IcebergSnapshots(Map<String, URI> catalogUris)
    {
        this.catalogUris = ImmutableMap.copyOf(requireNonNull(catalogUris, "catalogUris is null"));
    }

    public boolean isVersioned(String catalog)
    {
        return catalogUris.containsKey(catalog);
    }

    /** A table's state: its current snapshot (empty without one), its metadata file and when that was written. */
    public record TableState(Optional<Long> snapshotId, String metadataLocation, long lastUpdatedMillis)
    {
        public TableState
        {
            requireNonNull(snapshotId, "snapshotId is null");
            requireNonNull(metadataLocation, "metadataLocation is null");
        }
    }

    /** The table's current state. Fails when the catalog cannot be asked. */
    public TableState state(String catalog, String schema, String table)
    {
        RESTCatalog restCatalog = catalogs.computeIfAbsent(catalog, this::connect);
        TableMetadata metadata = ((HasTableOperations) restCatalog.loadTable(TableIdentifier.of(Namespace.of(schema), table))).operations().current();
        return new TableState(Optional.ofNullable(metadata.currentSnapshot()).map(Snapshot::snapshotId), metadata.metadataFileLocation(), metadata.lastUpdatedMillis());
    }

    private RESTCatalog connect(String catalog)
    {
        URI uri = catalogUris.get(catalog);
        if (uri == null) {
            throw new IllegalArgumentException("catalog %s is not among result-cache.iceberg-rest-catalogs".formatted(catalog));
        }
        // created on first use: a catalog that is down when the proxy starts only delays caching
        RESTCatalog restCatalog = new RESTCatalog();
        restCatalog.initialize(catalog, ImmutableMap.of(
                "uri", uri.toString(),
                "io-impl", "org.apache.iceberg.inmemory.InMemoryFileIO"));
        return restCatalog;
    }

    @PreDestroy
    @Override
    public void close()
    {
        for (RESTCatalog catalog : catalogs.values()) {
            try {
                catalog.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
