package dev.floe.resultcache.validity;

import dev.floe.resultcache.store.CacheEntry;
import dev.floe.resultcache.store.InputVersion;
import io.airlift.log.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * Whether a stored result may still be served: younger than its maximum age, and every versioned input still at
 * the snapshot the result was computed from. The catalogs are asked at every lookup, the inputs of one entry in
 * parallel; a catalog that cannot be asked means: not served.
 */
public final class EntryValidator
{
    private static final Logger log = Logger.get(EntryValidator.class);

    private final IcebergSnapshots snapshots;
    private final ExecutorService executor;

    public EntryValidator(IcebergSnapshots snapshots, ExecutorService executor)
    {
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    public boolean isCurrent(CacheEntry entry, long nowMillis)
    {
        if (nowMillis >= entry.expiresMillis()) {
            return false;
        }
        List<InputVersion> versioned = entry.inputs().stream().filter(input -> input.snapshotId().isPresent()).toList();
        if (versioned.size() == 1) {
            return unchanged(versioned.getFirst());
        }
        List<CompletableFuture<Boolean>> checks = versioned.stream()
                .map(input -> CompletableFuture.supplyAsync(() -> unchanged(input), executor))
                .toList();
        return checks.stream().allMatch(CompletableFuture::join);
    }

    private boolean unchanged(InputVersion input)
    {
        try {
            IcebergSnapshots.TableState current = snapshots.state(input.catalog(), input.schema(), input.table());
            return current.snapshotId().equals(input.snapshotId()) && input.metadataLocation().equals(Optional.of(current.metadataLocation()));
        }
        catch (RuntimeException e) {
            log.warn("Cannot read the current snapshot of %s (%s): the cached result is not served", input.qualifiedName(), e.getMessage());
            return false;
        }
    }
}
