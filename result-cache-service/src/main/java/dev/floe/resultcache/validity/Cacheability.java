package dev.floe.resultcache.validity;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.floe.resultcache.key.StatementClassifier;
import dev.floe.resultcache.store.InputVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Decides from a finished query's facts whether its result may be stored, and with which input versions. A result
 * is stored only when every table it read has a version — an Iceberg snapshot of a configured REST catalog — or
 * belongs to a catalog explicitly cached by age, when every table the analysis referenced was among the scans (a
 * table the planner removed could change the result unseen), when it read no view (a view can be replaced, or read
 * the clock, unseen), when no table changed since the query started, and when no resolved function is
 * non-deterministic. A versioned input is recorded with its metadata file, which every later change replaces.
 */
public final class Cacheability
{
    public sealed interface Verdict
    {
        record Store(List<InputVersion> inputs, boolean ageOnly)
                implements Verdict
        {
            public Store
            {
                inputs = ImmutableList.copyOf(requireNonNull(inputs, "inputs is null"));
            }
        }

        record Refuse(String reason)
                implements Verdict
        {
            public Refuse
            {
                requireNonNull(reason, "reason is null");
            }
        }
    }

    // commits are stamped by the writer's clock, the start by this process's: a change this close to the start counts as during the query
    private static final long CLOCK_MARGIN_MILLIS = 1_000;

    private final StatementClassifier classifier;
    private final IcebergSnapshots snapshots;
    private final Set<String> ttlCatalogs;

    public Cacheability(StatementClassifier classifier, IcebergSnapshots snapshots, Set<String> ttlCatalogs)
    {
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.ttlCatalogs = ImmutableSet.copyOf(requireNonNull(ttlCatalogs, "ttlCatalogs is null"));
    }

    /**
     * @param startMillis when the query was submitted: a table whose metadata changed since (a commit, a schema
     * change, a moved tag) may have been read in another state than the one recorded now
     */
    public Verdict verdict(QueryFacts facts, long startMillis)
    {
        if (!facts.state().equals("FINISHED")) {
            return new Verdict.Refuse("the query is " + facts.state());
        }
        Optional<String> random = facts.routines().stream().filter(classifier::isNonDeterministic).findFirst();
        if (random.isPresent()) {
            return new Verdict.Refuse("it calls the non-deterministic function " + random.get());
        }
        Map<String, InputVersion> inputs = new LinkedHashMap<>();
        boolean ageOnly = false;
        for (InputVersion scan : facts.scans()) {
            InputVersion input = scan;
            if (snapshots.isVersioned(scan.catalog())) {
                if (scan.snapshotId().isEmpty()) {
                    return new Verdict.Refuse(scan.qualifiedName() + " has no snapshot");
                }
            }
            else if (ttlCatalogs.contains(scan.catalog())) {
                // a version another connector reports means nothing to the snapshot check
                input = new InputVersion(scan.catalog(), scan.schema(), scan.table(), Optional.empty());
                ageOnly = true;
            }
            else {
                return new Verdict.Refuse(scan.qualifiedName() + " has no version (catalog " + scan.catalog() + " is neither an Iceberg REST catalog nor in result-cache.ttl-catalogs)");
            }
            InputVersion previous = inputs.putIfAbsent(scan.qualifiedName(), input);
            if (previous != null && !previous.equals(input)) {
                return new Verdict.Refuse(scan.qualifiedName() + " was read at two snapshots");
            }
        }
        for (QueryFacts.Reference reference : facts.references()) {
            if (reference.view()) {
                // a view can be replaced, or read the clock, without any table version changing
                return new Verdict.Refuse(reference.qualifiedName() + " is a view");
            }
            if (!inputs.containsKey(reference.qualifiedName()) && !ttlCatalogs.contains(reference.catalog())) {
                return new Verdict.Refuse(reference.qualifiedName() + " is referenced but was not scanned");
            }
        }
        List<InputVersion> versions = new ArrayList<>();
        for (InputVersion input : inputs.values()) {
            if (input.snapshotId().isEmpty()) {
                versions.add(input);
                continue;
            }
            IcebergSnapshots.TableState state = snapshots.state(input.catalog(), input.schema(), input.table());
            if (!state.snapshotId().equals(input.snapshotId()) || state.lastUpdatedMillis() >= startMillis - CLOCK_MARGIN_MILLIS) {
                return new Verdict.Refuse(input.qualifiedName() + " changed while the query ran");
            }
            versions.add(input.withMetadataLocation(state.metadataLocation()));
        }
        return new Verdict.Store(versions, ageOnly);
    }
}
