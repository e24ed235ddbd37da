package dev.floe.ingest.runtime;

import com.google.common.collect.ImmutableList;
import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineState;
import io.airlift.log.Logger;
import io.trino.spi.Node;
import io.trino.spi.NodeManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The pipelines of one node: every reconcile interval it reads the definitions, works out which pipelines this
 * node owns ({@link Assignment} over the nodes that run work) and starts, restarts (after a change) or stops their
 * runners. The status table reads what it knows.
 */
public final class PipelineHost
{
    private static final Logger log = Logger.get(PipelineHost.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** A pipeline as this node sees it, for the status table. */
    public record View(PipelineDefinition definition, Optional<String> owner, Optional<PipelineStatus.Snapshot> status) {}

    private final RunnerContext context;
    private final NodeManager nodeManager;
    private final Function<PipelineDefinition, PipelineRunner> runnerFactory;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("floe-ingest-host").daemon().factory());
    private final Map<String, PipelineRunner> runners = new HashMap<>();
    // the status of runners stopped while their pipeline is still defined (paused, failed over), for the status table
    private final Map<String, PipelineStatus> retired = new HashMap<>();
    private volatile List<PipelineDefinition> definitions = List.of();
    private volatile Map<String, String> owners = Map.of();

    public PipelineHost(RunnerContext context, NodeManager nodeManager, Function<PipelineDefinition, PipelineRunner> runnerFactory, Duration interval)
    {
        this.context = requireNonNull(context, "context is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.runnerFactory = requireNonNull(runnerFactory, "runnerFactory is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start()
    {
        executor.scheduleWithFixedDelay(this::reconcileSafely, 0, interval.toMillis(), MILLISECONDS);
    }

    public void stop()
    {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_TIMEOUT.toMillis(), MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (runners) {
            runners.values().forEach(runner -> runner.stop(STOP_TIMEOUT));
            runners.clear();
        }
    }

    /** Re-reads the definitions now (after a procedure changed one) instead of at the next interval. */
    public void reconcileSoon()
    {
        executor.execute(this::reconcileSafely);
    }

    /**
     * The pipelines this node reports: those it owns, and on the coordinator those no active node owns, so that
     * every pipeline appears once across the cluster.
     */
    public List<View> views()
    {
        String self = nodeManager.getCurrentNode().getNodeIdentifier();
        boolean coordinator = nodeManager.getCurrentNode().isCoordinator();
        Set<String> active = new HashSet<>();
        nodeManager.getAllNodes().forEach(node -> active.add(node.getNodeIdentifier()));
        Map<String, String> currentOwners = owners;
        List<View> views = new ArrayList<>();
        for (PipelineDefinition definition : definitions) {
            Optional<String> owner = Optional.ofNullable(currentOwners.get(definition.name()));
            boolean mine = owner.map(self::equals).orElse(false);
            if (mine || coordinator && owner.map(node -> !active.contains(node)).orElse(true)) {
                Optional<PipelineStatus.Snapshot> status;
                synchronized (runners) {
                    status = Optional.ofNullable(runners.get(definition.name())).map(PipelineRunner::status)
                            .or(() -> Optional.ofNullable(retired.get(definition.name())))
                            .map(PipelineStatus::snapshot);
                }
                views.add(new View(definition, owner, status));
            }
        }
        return views;
    }

    /**
     * The nodes that run pipelines: the workers, or the coordinator when there is none. Not
     * {@link NodeManager#getWorkerNodes()}: it follows {@code node-scheduler.include-coordinator} of the node
     * asking, which workers and coordinator may set differently, and every node must see the same candidates.
     */
    private List<String> candidates()
    {
        List<Node> nodes = List.copyOf(nodeManager.getAllNodes());
        List<Node> workers = nodes.stream().filter(node -> !node.isCoordinator()).toList();
        return (workers.isEmpty() ? nodes : workers).stream().map(Node::getNodeIdentifier).sorted().toList();
    }

    private void reconcileSafely()
    {
        try {
            reconcile();
        }
        catch (RuntimeException e) {
            // the catalog may be down: runners keep running as they are
            log.warn(e, "Cannot read the ingest pipeline definitions; keeping the runners of this node as they are");
        }
    }

    private void reconcile()
    {
        List<PipelineDefinition> current = ImmutableList.copyOf(context.store().list());
        List<String> nodes = candidates();
        String self = nodeManager.getCurrentNode().getNodeIdentifier();
        Map<String, String> currentOwners = new HashMap<>();
        Set<String> wanted = new HashSet<>();
        for (PipelineDefinition definition : current) {
            Optional<String> owner = Assignment.owner(definition.name(), nodes);
            owner.ifPresent(node -> currentOwners.put(definition.name(), node));
            if (owner.map(self::equals).orElse(false) && definition.state() == PipelineState.RUNNING) {
                wanted.add(definition.name());
            }
        }
        definitions = current;
        owners = Map.copyOf(currentOwners);
        synchronized (runners) {
            for (PipelineDefinition definition : current) {
                PipelineRunner running = runners.get(definition.name());
                boolean want = wanted.contains(definition.name());
                if (running != null && (!want || running.definition().version() != definition.version() || !running.definition().createdAt().equals(definition.createdAt()))) {
                    log.info("Pipeline %s: stopping its runner on this node (%s)", definition.name(), want ? "definition changed" : definition.state() == PipelineState.PAUSED ? "paused" : "owned by another node");
                    running.stop(STOP_TIMEOUT);
                    runners.remove(definition.name());
                    retired.put(definition.name(), running.status());
                    running = null;
                }
                if (running == null && want) {
                    log.info("Pipeline %s: starting its runner on this node", definition.name());
                    PipelineRunner runner = runnerFactory.apply(definition);
                    runners.put(definition.name(), runner);
                    retired.remove(definition.name());
                    runner.start();
                }
            }
            Set<String> defined = new HashSet<>();
            current.forEach(definition -> defined.add(definition.name()));
            for (String name : List.copyOf(runners.keySet())) {
                if (!defined.contains(name)) {
                    log.info("Pipeline %s: dropped; stopping its runner", name);
                    runners.remove(name).stop(STOP_TIMEOUT);
                }
            }
            retired.keySet().retainAll(defined);
        }
    }
}
