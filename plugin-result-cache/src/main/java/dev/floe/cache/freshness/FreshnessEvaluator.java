package dev.floe.cache.freshness;

import dev.floe.cache.view.RefreshState;
import dev.floe.cache.view.SourceSnapshot;
import dev.floe.cache.view.ViewDefinition;
import org.apache.iceberg.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.supplyAsync;

/**
 * Decides a view's freshness from its refresh state: exact for Iceberg sources (the snapshot each was refreshed
 * from against its current one), by time for sources without versions (fresh as of the refresh, so the view's
 * grace period is their time to live).
 */
public final class FreshnessEvaluator
{
    private final IcebergTables tables;
    private final Executor loads;

    /** {@code loads} runs the catalog reads of one evaluation concurrently: the engine waits for them on every read of a view. */
    public FreshnessEvaluator(IcebergTables tables, Executor loads)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.loads = requireNonNull(loads, "loads is null");
    }

    public Freshness evaluate(ViewDefinition view, RefreshState state)
    {
        if (!state.refreshed()) {
            return Freshness.unusable("never refreshed");
        }
        Instant refreshedAt = state.refreshedAt().orElseThrow();
        CompletableFuture<Optional<Table>> loadingStorage = supplyAsync(() -> tables.table(view.properties().storageSchema(), view.storageTable()), loads);
        List<CompletableFuture<Optional<Instant>>> sourceChanges = state.sources().stream()
                .map(source -> supplyAsync(() -> changedAt(source, refreshedAt), loads))
                .toList();
        Optional<Table> storage = join(loadingStorage);
        if (storage.isEmpty()) {
            return Freshness.unusable("the storage table %s is missing".formatted(view.storageName()));
        }
        OptionalLong storageSnapshot = IcebergTables.currentSnapshot(storage.get());
        if (!state.storageSnapshotId().equals(boxed(storageSnapshot))) {
            // a refresh committed without recording its state (it failed in between), or someone else wrote the table
            return Freshness.stale(refreshedAt, "the storage table changed after the last recorded refresh");
        }

        Instant lastFresh = null;
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < sourceChanges.size(); i++) {
            Optional<Instant> changedAt = join(sourceChanges.get(i));
            if (changedAt.isPresent()) {
                changes.add(state.sources().get(i).table());
                lastFresh = lastFresh == null || changedAt.get().isBefore(lastFresh) ? changedAt.get() : lastFresh;
            }
        }
        if (lastFresh == null) {
            return Freshness.fresh();
        }
        return Freshness.stale(lastFresh, "changed or unversioned since the refresh: " + String.join(", ", changes));
    }

    /** Empty while the source is at the recorded snapshot; otherwise the last time the stored result matched it. */
    private Optional<Instant> changedAt(SourceSnapshot source, Instant refreshedAt)
    {
        if (source.snapshotId().isEmpty()) {
            return Optional.of(refreshedAt);
        }
        long recorded = source.snapshotId().get();
        Optional<Table> table = tables.source(QualifiedTable.parse(source.table()));
        if (table.isEmpty()) {
            return Optional.of(refreshedAt);
        }
        OptionalLong current = IcebergTables.currentSnapshot(table.get());
        if (current.isPresent() && current.getAsLong() == recorded) {
            return Optional.empty();
        }
        // as Iceberg's own materialized views: stale since the first commit after the recorded snapshot
        return Optional.of(IcebergTables.firstChangeAfter(table.get(), recorded).orElse(refreshedAt));
    }

    private static <T> T join(CompletableFuture<T> future)
    {
        try {
            return future.join();
        }
        catch (CompletionException e) {
            // the catalog's own exception, as if the read had run on this thread
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Optional<Long> boxed(OptionalLong value)
    {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }
}
