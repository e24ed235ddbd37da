package dev.floe.ingest.control;

import dev.floe.ingest.commit.OffsetLedger;
import dev.floe.ingest.commit.Offsets;
import dev.floe.ingest.deadletter.DeadLetterTable;
import dev.floe.ingest.decode.RecordDecoders;
import dev.floe.ingest.mapping.RecordMapper;
import dev.floe.ingest.mapping.ValueCoercer;
import dev.floe.ingest.pipeline.Format;
import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.pipeline.PipelineState;
import dev.floe.ingest.pipeline.StartPosition;
import dev.floe.ingest.pipeline.TableName;
import dev.floe.ingest.runtime.RunnerContext;
import io.airlift.log.Logger;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Creates, changes and drops pipelines, checking at once what can be checked: the options, the target table and
 * the mapping against its columns, the schema source, and the topic on a reachable broker. A pipeline that passes
 * is stored; the node that owns it starts it.
 */
public final class PipelineControl
{
    private static final Logger log = Logger.get(PipelineControl.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final RunnerContext context;
    private final Runnable onChange;

    /**
     * @param onChange told after every change, so that this node applies it without waiting for its next reconcile
     */
    public PipelineControl(RunnerContext context, Runnable onChange)
    {
        this.context = requireNonNull(context, "context is null");
        this.onChange = requireNonNull(onChange, "onChange is null");
    }

    public void create(String name, String topic, String targetTable, String format, String optionsJson, String owner)
    {
        PipelineDefinition.checkName(name);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("TOPIC is empty");
        }
        if (targetTable == null) {
            throw new IllegalArgumentException("TARGET_TABLE is null");
        }
        Format parsedFormat = Format.parse(requireNonNull(format, "FORMAT is null"));
        PipelineOptions options = PipelineOptions.parse(optionsJson);
        TableName target = TableName.parse("TARGET_TABLE", targetTable, context.targetCatalog());
        if (context.store().get(name).isPresent()) {
            throw new IllegalArgumentException("Pipeline %s already exists".formatted(name));
        }
        Table table = checkTarget(target, options);
        checkDecoder(parsedFormat, options);
        TableName deadLetters = RunnerContext.deadLetterTable(target, options);
        if (!deadLetters.catalog().equals(context.targetCatalog())) {
            throw new IllegalArgumentException("option dead_letter_table: %s is not in catalog %s, the catalog of this connector's targets".formatted(deadLetters, context.targetCatalog()));
        }
        Map<String, Map<Integer, Long>> startOffsets = withKafka(options, admin -> startOffsets(admin, topic, options));
        Offsets continued = holdOffsets(table, name);
        if (!continued.isEmpty()) {
            log.info("Pipeline %s: table %s already holds offsets of a pipeline of this name; it continues from them: %s", name, target, continued);
        }
        holdOffsets(DeadLetterTable.loadOrCreate(context.catalog(), RunnerContext.identifier(deadLetters)), name);
        context.store().create(new PipelineDefinition(name, topic, target, parsedFormat, storedOptions(optionsJson),
                startOffsets, PipelineState.RUNNING, Optional.empty(), owner, context.clock().instant(), 1));
        onChange.run();
    }

    /**
     * Writes the offsets the pipeline starts from into the table's property, so that its runners never depend on
     * the table's snapshot history, which expiry may have cut before any commit of this pipeline.
     */
    private static Offsets holdOffsets(Table table, String name)
    {
        Offsets offsets = OffsetLedger.readForCreate(((HasTableOperations) table).operations().current(), name);
        table.updateProperties().set(OffsetLedger.offsetsKey(name), offsets.toJson()).commit();
        return offsets;
    }

    /** Replaces the options; the start position and the target stay. */
    public void alter(String name, String optionsJson)
    {
        PipelineDefinition current = existing(name);
        PipelineOptions options = PipelineOptions.parse(optionsJson);
        checkTarget(current.target(), options);
        checkDecoder(current.format(), options);
        withKafka(options, admin -> startOffsets(admin, current.topic(), options));
        context.store().update(current.withOptions(storedOptions(optionsJson)));
        onChange.run();
    }

    public void pause(String name)
    {
        PipelineDefinition current = existing(name);
        if (current.state() != PipelineState.PAUSED) {
            context.store().update(current.withState(PipelineState.PAUSED, Optional.of("paused by pause_pipeline")));
        }
        onChange.run();
    }

    public void resume(String name)
    {
        PipelineDefinition current = existing(name);
        if (current.state() != PipelineState.RUNNING) {
            context.store().update(current.withState(PipelineState.RUNNING, Optional.empty()));
        }
        onChange.run();
    }

    /** Drops the definition; the target and dead-letter tables stay, with the offsets reached. */
    public void drop(String name)
    {
        existing(name);
        context.store().drop(name);
        onChange.run();
    }

    /** OPTIONS as stored: all defaults when not given. */
    private static String storedOptions(String optionsJson)
    {
        return optionsJson == null || optionsJson.isBlank() ? "{}" : optionsJson;
    }

    private PipelineDefinition existing(String name)
    {
        return context.store().get(PipelineDefinition.checkName(name)).orElseThrow(() -> new IllegalArgumentException("Pipeline %s does not exist".formatted(name)));
    }

    private Table checkTarget(TableName target, PipelineOptions options)
    {
        if (!target.catalog().equals(context.targetCatalog())) {
            throw new IllegalArgumentException("TARGET_TABLE: %s is not in catalog %s, the Iceberg catalog this connector writes to (ingest.target-catalog)".formatted(target, context.targetCatalog()));
        }
        Table table;
        try {
            table = context.catalog().loadTable(RunnerContext.identifier(target));
        }
        catch (NoSuchTableException e) {
            throw new IllegalArgumentException("TARGET_TABLE: table %s does not exist; create it first (suggest_mapping gives a CREATE TABLE)".formatted(target));
        }
        // throws naming the column when the mapping or a rule does not fit the table
        new RecordMapper(table.schema(), options.columns(), options.rules(), new ValueCoercer(options.timestampUnit()));
        return table;
    }

    private static void checkDecoder(Format format, PipelineOptions options)
    {
        RecordDecoders.create(format.label(), options.schema());
    }

    private Map<String, Map<Integer, Long>> startOffsets(Admin admin, String topic, PipelineOptions options)
            throws ExecutionException, InterruptedException, TimeoutException
    {
        List<String> topics;
        if (options.topicPattern()) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(topic);
            }
            catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("TOPIC: invalid pattern: " + e.getDescription());
            }
            topics = admin.listTopics().names().get(KAFKA_TIMEOUT.toMillis(), MILLISECONDS).stream().filter(name -> pattern.matcher(name).matches()).sorted().toList();
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("TOPIC: no topic matches pattern %s".formatted(topic));
            }
        }
        else {
            topics = List.of(topic);
        }
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(topics).allTopicNames().get(KAFKA_TIMEOUT.toMillis(), MILLISECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("TOPIC: topic %s does not exist".formatted(topic));
            }
            throw e;
        }
        StartPosition start = options.start();
        if (start.kind() == StartPosition.Kind.EARLIEST) {
            return Map.of();
        }
        OffsetSpec spec = start.kind() == StartPosition.Kind.LATEST ? OffsetSpec.latest() : OffsetSpec.forTimestamp(start.timestamp().orElseThrow().toEpochMilli());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(description -> description.partitions().forEach(partition -> request.put(new TopicPartition(description.name(), partition.partition()), spec)));
        Map<TopicPartition, ListOffsetsResultInfo> listed = admin.listOffsets(request).all().get(KAFKA_TIMEOUT.toMillis(), MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (start.kind() == StartPosition.Kind.TIMESTAMP) {
            // no record at or after the time: the partition's end
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            request.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            admin.listOffsets(latest).all().get(KAFKA_TIMEOUT.toMillis(), MILLISECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
        }
        Map<String, Map<Integer, Long>> offsets = new HashMap<>();
        listed.forEach((partition, info) -> offsets.computeIfAbsent(partition.topic(), _ -> new HashMap<>())
                .put(partition.partition(), info.offset() >= 0 ? info.offset() : ends.get(partition)));
        return offsets;
    }

    private interface KafkaCall<T>
    {
        T call(Admin admin)
                throws ExecutionException, InterruptedException, TimeoutException;
    }

    private <T> T withKafka(PipelineOptions options, KafkaCall<T> call)
    {
        String servers = context.kafka().bootstrapServers(options);
        try (Admin admin = context.kafka().admin(options, "floe-ingest-control")) {
            return call.call(admin);
        }
        catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at %s did not answer within %s s: is it reachable?".formatted(servers, KAFKA_TIMEOUT.toSeconds()));
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalArgumentException("Kafka at %s did not answer within %s s: is it reachable?".formatted(servers, KAFKA_TIMEOUT.toSeconds()));
            }
            throw new IllegalArgumentException("Kafka at %s: %s".formatted(servers, cause.getMessage()), cause);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Kafka", e);
        }
    }
}
