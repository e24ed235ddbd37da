package dev.floe.ingest.runtime;

import com.google.common.base.Throwables;
import dev.floe.ingest.commit.FencedCommitter;
import dev.floe.ingest.commit.MissingOffsetsException;
import dev.floe.ingest.commit.OffsetLedger;
import dev.floe.ingest.commit.Offsets;
import dev.floe.ingest.commit.StaleOffsetsException;
import dev.floe.ingest.deadletter.DeadLetterTable;
import dev.floe.ingest.deadletter.LandedDeadLetters;
import dev.floe.ingest.decode.RecordDecoder;
import dev.floe.ingest.decode.RecordDecoders;
import dev.floe.ingest.mapping.RecordMapper;
import dev.floe.ingest.mapping.ValueCoercer;
import dev.floe.ingest.pipeline.OnError;
import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.pipeline.PipelineState;
import dev.floe.ingest.runtime.PipelineStatus.Activity;
import dev.floe.ingest.write.BatchWriter;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Runs one pipeline on this node: reads its topic partitions from the offsets recorded in the target table, turns
 * records into rows (or dead letters), and commits each batch with the offsets it covers, fenced so that a second
 * runner of the same pipeline fails instead of duplicating. Any failure drops the uncommitted batch and starts
 * over from the table's offsets after a backoff; nothing but the tables records progress.
 */
public final class PipelineRunner
{
    private static final Logger log = Logger.get(PipelineRunner.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    // the topic's partitions are listed again this often, for topics and partitions added later
    private static final Duration METADATA_INTERVAL = Duration.ofSeconds(30);

    private final PipelineDefinition definition;
    private final RunnerContext context;
    private final PipelineStatus status;
    private final String runnerId;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public PipelineRunner(PipelineDefinition definition, RunnerContext context)
    {
        this.definition = requireNonNull(definition, "definition is null");
        this.context = requireNonNull(context, "context is null");
        this.status = new PipelineStatus(context.clock().instant());
        this.runnerId = context.nodeId() + "/" + UUID.randomUUID();
        this.thread = Thread.ofPlatform().name("floe-ingest-" + definition.name()).daemon().unstarted(this::run);
    }

    public PipelineDefinition definition()
    {
        return definition;
    }

    public PipelineStatus status()
    {
        return status;
    }

    public void start()
    {
        thread.start();
    }

    /** Stops after committing what has been read, within the timeout; otherwise the batch is read again later. */
    public void stop(Duration timeout)
    {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(timeout);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(timeout);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.activity(Activity.STOPPED);
    }

    private void run()
    {
        Duration delay = FIRST_RETRY_DELAY;
        while (!stopping) {
            try {
                session();
                return;
            }
            catch (PauseRequestedException e) {
                pause(e.getMessage());
                return;
            }
            catch (MissingOffsetsException e) {
                log.error("Pipeline %s stopped: %s", definition.name(), e.getMessage());
                failed(Activity.FAILED, e.getMessage());
                return;
            }
            catch (StaleOffsetsException e) {
                log.warn("Pipeline %s: commit refused, starting again from the table's offsets: %s", definition.name(), e.getMessage());
                status.fenced();
                failed(Activity.RETRYING, e.getMessage());
                delay = FIRST_RETRY_DELAY;
            }
            catch (WakeupException e) {
                if (!stopping) {
                    failed(Activity.RETRYING, "woken up without a stop");
                }
            }
            catch (RuntimeException | Error e) {
                if (stopping) {
                    return;
                }
                String message = describe(e);
                log.warn(e, "Pipeline %s failed, retrying in %s: %s", definition.name(), delay, message);
                failed(Activity.RETRYING, message);
            }
            if (!sleep(delay)) {
                return;
            }
            delay = min(delay.multipliedBy(2), context.maxRetryDelay());
        }
    }

    /** Reads and commits until stopped; returns normally only when stopped. */
    private void session()
            throws PauseRequestedException
    {
        PipelineOptions options = definition.options();
        RecordDecoder decoder = RecordDecoders.create(definition.format().label(), options.schema());
        ValueCoercer coercer = new ValueCoercer(options.timestampUnit());
        Table target = context.catalog().loadTable(RunnerContext.identifier(definition.target()));
        Table deadLetterTable = DeadLetterTable.loadOrCreate(context.catalog(), RunnerContext.identifier(RunnerContext.deadLetterTable(definition.target(), options)));
        Offsets committed = OffsetLedger.read(operations(target).refresh(), definition.name());
        Offsets deadLettersCommitted = OffsetLedger.read(operations(deadLetterTable).refresh(), definition.name());
        LandedDeadLetters landed = LandedDeadLetters.read(deadLetterTable, definition.name(), committed, deadLettersCommitted);
        if (!landed.isEmpty()) {
            log.info("Pipeline %s: dead letters above the offsets of %s (%s) from an attempt whose rows did not commit are not written again", definition.name(), definition.target(), committed);
        }
        FencedCommitter committer = new FencedCommitter(definition.name(), runnerId);
        Duration commitInterval = context.commitInterval(options);
        long maxBatchBytes = options.maxBatchSize().toBytes();

        int parallelism = options.parallelism().orElseGet(() -> Runtime.getRuntime().availableProcessors());
        ExecutorService workers = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().name("floe-ingest-" + definition.name() + "-lane-", 0).daemon().factory());
        try (KafkaConsumer<byte[], byte[]> kafka = context.kafka().consumer(options, "floe-ingest-" + definition.name() + "-" + context.nodeId())) {
            consumer = kafka;
            if (stopping) {
                return;
            }
            List<TopicPartition> partitions = assign(kafka, options.topicPattern(), committed);
            long nextMetadataCheck = System.nanoTime() + METADATA_INTERVAL.toNanos();
            RecordConverter converter = null;
            log.info("Pipeline %s reading %s partitions of %s from %s into %s", definition.name(), partitions.size(), definition.topic(), committed, definition.target());
            status.activity(Activity.RUNNING);
            while (true) {
                target.refresh();
                Schema schema = target.schema();
                if (converter == null || converter.mapper().schema().schemaId() != schema.schemaId()) {
                    // columns added or dropped with ALTER TABLE apply from this batch on
                    converter = new RecordConverter(decoder, new RecordMapper(schema, options.columns(), options.rules(), coercer), options.maxRecordBytes());
                }
                // a partition's records of one poll stay in one lane, in order: up to one lane per partition
                int lanes = Math.max(1, Math.min(parallelism, partitions.size()));
                Batch batch = newBatch(target, schema, deadLetterTable, converter, options.onError(), landed, lanes);
                try {
                    Optional<String> pause = fill(kafka, batch, workers, options, commitInterval, maxBatchBytes);
                    if (batch.hasProgress()) {
                        Offsets next = committed.with(batch.next());
                        deadLettersCommitted = commit(batch, committer, target, deadLetterTable, committed, deadLettersCommitted, next);
                        committed = next;
                    }
                    else {
                        batch.abort();
                    }
                    if (pause.isPresent()) {
                        throw new PauseRequestedException(pause.get());
                    }
                }
                catch (RuntimeException | PauseRequestedException e) {
                    batch.abort();
                    throw e;
                }
                reportLag(kafka, partitions);
                if (stopping) {
                    return;
                }
                if (System.nanoTime() > nextMetadataCheck) {
                    nextMetadataCheck = System.nanoTime() + METADATA_INTERVAL.toNanos();
                    if (!partitions(kafka, options.topicPattern()).equals(partitions)) {
                        log.info("Pipeline %s: the partitions of %s changed; assigning them again", definition.name(), definition.topic());
                        partitions = assign(kafka, options.topicPattern(), committed);
                    }
                }
            }
        }
        finally {
            consumer = null;
            // a lane still writing belongs to a batch that is dropped
            workers.shutdownNow();
        }
    }

    /**
     * Reads until the commit interval has passed, a batch limit is reached or a stop is requested. The records of
     * each poll are split by partition among the lanes, which decode and write in parallel while the next poll
     * fetches and parses: the consumer's work overlaps theirs instead of alternating with it.
     *
     * @return the reason to pause the pipeline after committing, when a record failed and on_error is pause
     */
    private Optional<String> fill(KafkaConsumer<byte[], byte[]> kafka, Batch batch, ExecutorService workers, PipelineOptions options, Duration commitInterval, long maxBatchBytes)
    {
        long deadline = batch.startNanos + commitInterval.toNanos();
        // counted here as the records are handed out, since the lanes' own counts change while they run
        long records = 0;
        long bytes = 0;
        List<Future<Optional<String>>> running = List.of();
        try {
            while (!stopping && records < options.maxBatchRecords() && bytes < maxBatchBytes) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = kafka.poll(min(POLL_TIMEOUT, Duration.ofNanos(remaining)));
                }
                catch (WakeupException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                // a lane works on one poll at a time, in offset order
                Optional<String> pause = finish(running);
                if (pause.isPresent()) {
                    // the records just polled stay out of the batch, to be read again after the pause
                    return pause;
                }
                if (polled.isEmpty()) {
                    continue;
                }
                List<List<ConsumerRecord<byte[], byte[]>>> shares = shares(polled, batch.lanes.size());
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    bytes += Math.max(record.serializedValueSize(), 0);
                }
                records += polled.count();
                running = start(batch, shares, workers);
            }
            return finish(running);
        }
        finally {
            // on a failure, no lane may still be writing into the batch that the caller drops (after a success the
            // lanes are done and this returns at once)
            awaitQuietly(running);
        }
    }

    /**
     * A poll's partitions spread over the lanes, each to the lane with the fewest records so far, largest first: a
     * poll often holds two or three partitions, which a fixed partition-to-lane map put in one lane half the time
     * while the other waited. A partition's records stay together and in order within a poll; between polls it may
     * move to another lane, since every lane finishes a poll before any starts the next.
     */
    private static List<List<ConsumerRecord<byte[], byte[]>>> shares(ConsumerRecords<byte[], byte[]> polled, int lanes)
    {
        List<List<ConsumerRecord<byte[], byte[]>>> shares = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            shares.add(new ArrayList<>());
        }
        polled.partitions().stream()
                .map(polled::records)
                .sorted(Comparator.comparingInt(List<ConsumerRecord<byte[], byte[]>>::size).reversed())
                .forEach(records -> shares.stream().min(Comparator.comparingInt(List::size)).orElseThrow().addAll(records));
        return shares;
    }

    private static List<Future<Optional<String>>> start(Batch batch, List<List<ConsumerRecord<byte[], byte[]>>> shares, ExecutorService workers)
    {
        List<Future<Optional<String>>> started = new ArrayList<>();
        for (int i = 0; i < batch.lanes.size(); i++) {
            Lane lane = batch.lanes.get(i);
            List<ConsumerRecord<byte[], byte[]>> share = shares.get(i);
            if (!share.isEmpty()) {
                started.add(workers.submit(() -> lane.process(share)));
            }
        }
        return started;
    }

    /** Waits for the lanes; the first reason to pause, if any. */
    private static Optional<String> finish(List<Future<Optional<String>>> running)
    {
        Optional<String> pause = Optional.empty();
        for (Future<Optional<String>> result : running) {
            Optional<String> lanePause = getUnchecked(result);
            if (pause.isEmpty()) {
                pause = lanePause;
            }
        }
        return pause;
    }

    private static void awaitQuietly(List<Future<Optional<String>>> running)
    {
        for (Future<Optional<String>> result : running) {
            try {
                result.get();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException | RuntimeException e) {
                // the failure that ended the batch is already on its way
            }
        }
    }

    private static <T> T getUnchecked(Future<T> future)
    {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a batch", e);
        }
        catch (ExecutionException e) {
            Throwables.throwIfUnchecked(e.getCause());
            throw new IllegalStateException(e.getCause());
        }
    }

    private Batch newBatch(Table target, Schema schema, Table deadLetterTable, RecordConverter converter, OnError onError, LandedDeadLetters landed, int lanes)
    {
        List<Lane> batchLanes = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            batchLanes.add(new Lane(
                    definition.name(),
                    new BatchWriter(target, schema, "ingest-" + definition.name() + "-" + i),
                    new BatchWriter(deadLetterTable, deadLetterTable.schema(), "dead-letters-" + definition.name() + "-" + i),
                    converter,
                    onError,
                    landed,
                    context.clock()));
        }
        return new Batch(batchLanes, System.nanoTime());
    }

    /**
     * Commits dead letters first, then rows with the offsets: if the second commit fails, the batch is read again
     * and its dead letters, found in the dead-letter table ({@link LandedDeadLetters}), are not written twice.
     *
     * @return the dead-letter table's offsets after the commit
     */
    private Offsets commit(Batch batch, FencedCommitter committer, Table target, Table deadLetterTable, Offsets committed, Offsets deadLettersCommitted, Offsets next)
    {
        long rows = batch.rows();
        Offsets deadLetterOffsets = deadLettersCommitted;
        if (batch.hasDeadLetters()) {
            // never below what a failed attempt committed: those dead letters stay, and are known by their offsets
            deadLetterOffsets = deadLettersCommitted.max(next);
            commitOrDelete(committer, deadLetterTable, deadLettersCommitted, deadLetterOffsets, batch.closeDeadLetters());
        }
        Snapshot snapshot = commitOrDelete(committer, target, committed, next, batch.closeRows());
        double seconds = (System.nanoTime() - batch.startNanos) / 1e9;
        status.committed(context.clock().instant(), snapshot.snapshotId(), rows, batch.bytes(), batch.deadLetterCounts(), batch.unknownFields(), seconds);
        return deadLetterOffsets;
    }

    /** Deletes the files when the commit surely failed; when its outcome is unknown, they may be in the table. */
    private static Snapshot commitOrDelete(FencedCommitter committer, Table table, Offsets expected, Offsets next, List<DataFile> files)
    {
        try {
            return committer.commit(table, expected, next, files);
        }
        catch (CommitStateUnknownException e) {
            throw e;
        }
        catch (RuntimeException e) {
            BatchWriter.delete(table, files);
            throw e;
        }
    }

    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> kafka, boolean topicPattern, Offsets committed)
    {
        List<TopicPartition> partitions = partitions(kafka, topicPattern);
        kafka.assign(partitions);
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OptionalLong offset = committed.get(partition).map(OptionalLong::of)
                    .orElseGet(() -> Optional.ofNullable(definition.startOffsets().getOrDefault(partition.topic(), Map.of()).get(partition.partition()))
                            .map(OptionalLong::of).orElse(OptionalLong.empty()));
            if (offset.isPresent()) {
                kafka.seek(partition, offset.getAsLong());
            }
            else {
                fromBeginning.add(partition);
            }
        }
        if (!fromBeginning.isEmpty()) {
            kafka.seekToBeginning(fromBeginning);
        }
        return partitions;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka, boolean topicPattern)
    {
        List<TopicPartition> partitions = KafkaClients.partitions(kafka, definition.topic(), topicPattern, Optional.empty());
        if (partitions.isEmpty() && !topicPattern) {
            throw new IllegalStateException("Topic %s does not exist".formatted(definition.topic()));
        }
        return partitions;
    }

    private void reportLag(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions)
    {
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition partition : partitions) {
            kafka.currentLag(partition).ifPresent(value -> lag.put(partition.topic() + "/" + partition.partition(), value));
        }
        status.lag(lag);
    }

    private void pause(String reason)
    {
        log.warn("Pipeline %s paused: %s", definition.name(), reason);
        failed(Activity.PAUSED, reason);
        try {
            context.store().get(definition.name()).ifPresent(current -> context.store().update(current.withState(PipelineState.PAUSED, Optional.of(reason))));
        }
        catch (RuntimeException e) {
            log.error(e, "Pipeline %s: cannot record the pause in the definitions", definition.name());
        }
    }

    private void failed(Activity activity, String error)
    {
        PipelineStatus.Snapshot before = status.snapshot();
        status.failed(activity, context.clock().instant(), error);
        // once per change: a broker that stays down for an hour makes one call, not one per retry
        if (before.activity() != activity || !before.lastError().equals(Optional.of(error))) {
            context.webhook().notify(definition.name(), definition.target().toString(), context.nodeId(), activity, error, context.clock().instant());
        }
    }

    private boolean sleep(Duration delay)
    {
        long deadline = System.nanoTime() + delay.toNanos();
        try {
            while (!stopping && System.nanoTime() < deadline) {
                NANOSECONDS.sleep(Math.min(deadline - System.nanoTime(), 100_000_000L));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopping;
    }

    private static TableOperations operations(Table table)
    {
        return ((HasTableOperations) table).operations();
    }

    private static Duration min(Duration left, Duration right)
    {
        return left.compareTo(right) <= 0 ? left : right;
    }

    static String describe(Throwable e)
    {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
