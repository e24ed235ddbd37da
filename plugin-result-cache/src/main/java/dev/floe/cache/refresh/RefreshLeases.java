package dev.floe.cache.refresh;

import com.google.common.collect.Iterables;
import io.airlift.log.Logger;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.Transactions;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Cluster-wide refresh leases, so a view is never refreshed by two schedulers (or a schedule and a {@code REFRESH})
 * at once, even across coordinators sharing the catalog. A lease is a property {@code lease.<view>} =
 * {@code <expiry millis> <holder>} of a small Iceberg table; every change commits an empty snapshot with it, which makes
 * the commit conditional on the snapshot it was based on (Iceberg's compare-and-swap), and the lease is checked
 * against exactly that base ({@link LeaseCheckedOperations}), so of two contenders exactly one wins.
 */
public final class RefreshLeases
{
    private static final Logger log = Logger.get(RefreshLeases.class);
    private static final String PREFIX = "lease.";
    private static final int MAX_SNAPSHOTS = 100;

    private final Catalog catalog;
    private final TableIdentifier identifier;
    private final Clock clock;

    public RefreshLeases(Catalog catalog, TableIdentifier identifier, Clock clock)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.identifier = requireNonNull(identifier, "identifier is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Takes or renews the lease of {@code key} for {@code duration}; false when another holder has it. */
    public boolean acquire(String key, String holder, Duration duration)
    {
        return change(key, holder, Optional.of(encode(clock.instant().plus(duration), holder)));
    }

    /** Gives the lease up, if {@code holder} still has it. */
    public void release(String key, String holder)
    {
        change(key, holder, Optional.empty());
    }

    /** The unexpired lease of {@code key}. */
    public Optional<Lease> current(String key)
    {
        return load().flatMap(table -> lease(table.properties(), key));
    }

    private boolean change(String key, String holder, Optional<String> value)
    {
        Table table = load().orElseGet(this::create);
        if (lease(table.properties(), key).filter(lease -> !lease.holder().equals(holder)).isPresent()) {
            return false;
        }
        if (value.isEmpty() && table.properties().get(PREFIX + key) == null) {
            return true;
        }
        // the lease is checked again against the metadata each commit attempt replaces
        Predicate<TableMetadata> free = base -> lease(base.properties(), key).filter(lease -> !lease.holder().equals(holder)).isEmpty();
        Transaction transaction = Transactions.newTransaction(identifier.toString(), new LeaseCheckedOperations(((HasTableOperations) table).operations(), free));
        if (value.isPresent()) {
            transaction.updateProperties().set(PREFIX + key, value.get()).commit();
        }
        else {
            transaction.updateProperties().remove(PREFIX + key).commit();
        }
        // an empty snapshot: it makes the commit conditional on the snapshot read (assert-ref-snapshot-id)
        transaction.newFastAppend().commit();
        try {
            transaction.commitTransaction();
        }
        catch (LeaseCheckedOperations.LeaseTakenException e) {
            return false;
        }
        trimHistory(table);
        return true;
    }

    private Optional<Lease> lease(Map<String, String> properties, String key)
    {
        String value = properties.get(PREFIX + key);
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        Lease lease = new Lease(value.substring(space + 1), Instant.ofEpochMilli(Long.parseLong(value.substring(0, space))));
        return lease.expiresAt().isAfter(clock.instant()) ? Optional.of(lease) : Optional.empty();
    }

    private static String encode(Instant expiresAt, String holder)
    {
        return expiresAt.toEpochMilli() + " " + holder;
    }

    private Optional<Table> load()
    {
        try {
            return Optional.of(catalog.loadTable(identifier));
        }
        catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    private Table create()
    {
        Map<String, String> properties = new HashMap<>();
        properties.put("comment", "Floe cached view refresh leases (plugin-result-cache); holds no rows");
        try {
            return catalog.createTable(identifier, new Schema(Types.NestedField.optional(1, "unused", Types.StringType.get())), null, properties);
        }
        catch (AlreadyExistsException e) {
            return catalog.loadTable(identifier);
        }
    }

    /** Every lease change is a snapshot; old ones are dropped so the table's metadata stays small. */
    private void trimHistory(Table before)
    {
        if (Iterables.size(before.snapshots()) < MAX_SNAPSHOTS) {
            return;
        }
        try {
            Table table = catalog.loadTable(identifier);
            table.expireSnapshots().retainLast(1).expireOlderThan(clock.millis()).commit();
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot expire old snapshots of the refresh lease table %s", identifier);
        }
    }

    public record Lease(String holder, Instant expiresAt)
    {
        public Lease
        {
            requireNonNull(holder, "holder is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }
}
