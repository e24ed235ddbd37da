package dev.floe.ingest.live;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.commit.MissingOffsetsException;
import dev.floe.ingest.commit.OffsetLedger;
import dev.floe.ingest.commit.Offsets;
import dev.floe.ingest.pipeline.PipelineDefinition;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.runtime.RunnerContext;
import io.airlift.log.Logger;
import io.trino.spi.TrinoException;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static dev.floe.ingest.live.LiveErrorCode.LIVE_CATALOG_ERROR;
import static dev.floe.ingest.live.LiveErrorCode.LIVE_KAFKA_ERROR;
import static dev.floe.ingest.live.LiveErrorCode.LIVE_PIPELINE_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The tables of schemas {@value #PIPELINES} (one per pipeline, named after it) and {@value #TOPICS} (one per topic
 * of the connector's Kafka cluster, {@code ingest.kafka.bootstrap-servers}; internal topics excluded). Trino
 * names tables in lower case: a topic with upper case letters is found case-insensitively, unless two topics
 * differ only in case. Filters on {@code _partition}, {@code _offset} and {@code _timestamp} are kept in the
 * table handle for the splits; the engine applies them again.
 */
public final class LiveMetadata
{
    public static final String PIPELINES = "pipelines";
    public static final String TOPICS = "topics";

    private static final Logger log = Logger.get(LiveMetadata.class);

    private final RunnerContext context;
    private final LiveColumns columns;
    private final Duration kafkaTimeout;
    private final ClassLoader pluginClassLoader;

    public LiveMetadata(RunnerContext context, TypeManager typeManager, Duration kafkaTimeout, ClassLoader pluginClassLoader)
    {
        this.context = requireNonNull(context, "context is null");
        this.columns = new LiveColumns(typeManager);
        this.kafkaTimeout = requireNonNull(kafkaTimeout, "kafkaTimeout is null");
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    public List<String> listSchemaNames()
    {
        return List.of(PIPELINES, TOPICS);
    }

    public List<SchemaTableName> listTables(Optional<String> schema)
    {
        Set<SchemaTableName> tables = new LinkedHashSet<>();
        if (schema.isEmpty() || schema.get().equals(PIPELINES)) {
            withPluginClassLoader(() -> context.store().list()).forEach(pipeline -> tables.add(new SchemaTableName(PIPELINES, pipeline.name())));
        }
        if (schema.isEmpty() || schema.get().equals(TOPICS)) {
            topics().forEach(topic -> tables.add(new SchemaTableName(TOPICS, topic.toLowerCase(Locale.ROOT))));
        }
        return ImmutableList.copyOf(tables);
    }

    /**
     * @return null when there is no such table
     */
    public LiveTableHandle getTableHandle(SchemaTableName name)
    {
        return switch (name.getSchemaName()) {
            case PIPELINES -> pipelineTable(name.getTableName()).orElse(null);
            case TOPICS -> topicTable(name.getTableName()).orElse(null);
            default -> null;
        };
    }

    public ConnectorTableMetadata getTableMetadata(LiveTableHandle table)
    {
        return new ConnectorTableMetadata(
                table.schemaTableName(),
                columnMetadata(table),
                Map.of(),
                Optional.of(table.pipeline().isPresent()
                        ? "Records of topic %s not yet in the target table of pipeline %s".formatted(table.topic(), table.tableName())
                        : "Records of topic " + table.topic()));
    }

    public Map<String, ColumnHandle> getColumnHandles(LiveTableHandle table)
    {
        Map<String, ColumnHandle> handles = new LinkedHashMap<>();
        columns.columns(table).forEach(column -> handles.put(column.name(), column));
        return handles;
    }

    public ColumnMetadata getColumnMetadata(LiveTableHandle table, LiveColumnHandle column)
    {
        return LiveColumns.metadata(table, column);
    }

    public Iterator<RelationColumnsMetadata> streamRelationColumns(Optional<String> schema, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        List<RelationColumnsMetadata> relations = new ArrayList<>();
        List<ColumnMetadata> topicColumns = columns.topicColumns().stream().map(column -> LiveColumns.metadata(false, column)).toList();
        for (SchemaTableName name : relationFilter.apply(new LinkedHashSet<>(listTables(schema)))) {
            if (name.getSchemaName().equals(TOPICS)) {
                // the same columns for every topic: no need to look each one up
                relations.add(RelationColumnsMetadata.forTable(name, topicColumns));
                continue;
            }
            try {
                LiveTableHandle table = getTableHandle(name);
                if (table != null) {
                    relations.add(RelationColumnsMetadata.forTable(name, columnMetadata(table)));
                }
            }
            catch (TrinoException e) {
                // one pipeline whose target is gone must not fail the listing of all the others
                log.debug(e, "Table %s left out of the column listing", name);
            }
        }
        return relations.iterator();
    }

    /** Keeps the filters on the record positions for the splits; the engine still applies the whole filter. */
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(LiveTableHandle table, Constraint constraint)
    {
        TupleDomain<ColumnHandle> positions = constraint.getSummary()
                .filter((column, _) -> column instanceof LiveColumnHandle live && live.role().isPosition());
        TupleDomain<ColumnHandle> combined = table.constraint().intersect(positions);
        if (combined.equals(table.constraint())) {
            return Optional.empty();
        }
        return Optional.of(new ConstraintApplicationResult<>(table.withConstraint(combined), constraint.getSummary(), constraint.getExpression(), false));
    }

    private List<ColumnMetadata> columnMetadata(LiveTableHandle table)
    {
        return columns.columns(table).stream().map(column -> LiveColumns.metadata(table, column)).toList();
    }

    private Optional<LiveTableHandle> pipelineTable(String name)
    {
        Optional<PipelineDefinition> found = withPluginClassLoader(() -> context.store().get(name));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PipelineDefinition definition = found.get();
        PipelineOptions options;
        try {
            options = definition.options();
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LIVE_PIPELINE_ERROR, "Pipeline %s: %s".formatted(name, e.getMessage()), e);
        }
        Table target = withPluginClassLoader(() -> {
            try {
                return context.catalog().loadTable(RunnerContext.identifier(definition.target()));
            }
            catch (NoSuchTableException e) {
                throw new TrinoException(LIVE_PIPELINE_ERROR, "Pipeline %s: its target table %s does not exist".formatted(name, definition.target()), e);
            }
            catch (RuntimeException e) {
                throw new TrinoException(LIVE_CATALOG_ERROR, "Pipeline %s: cannot load its target table %s: %s".formatted(name, definition.target(), e.getMessage()), e);
            }
        });
        Offsets committed;
        try {
            committed = OffsetLedger.read(((HasTableOperations) target).operations().current(), name);
        }
        catch (MissingOffsetsException e) {
            throw new TrinoException(LIVE_PIPELINE_ERROR, e.getMessage(), e);
        }
        try {
            columns.pipelineColumns(target.schema());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(NOT_SUPPORTED, "Pipeline %s: table %s %s".formatted(name, definition.target(), e.getMessage()), e);
        }
        // the committed offsets, else where the pipeline started, else (not listed) the earliest record
        Map<String, Map<Integer, Long>> startOffsets = new HashMap<>();
        definition.startOffsets().forEach((topic, partitions) -> startOffsets.put(topic, new HashMap<>(partitions)));
        committed.byTopic().forEach((topic, partitions) -> startOffsets.computeIfAbsent(topic, _ -> new HashMap<>()).putAll(partitions));
        LivePipeline pipeline = new LivePipeline(name, definition.format().label(), definition.optionsJson(), SchemaParser.toJson(target.schema()), ImmutableMap.copyOf(startOffsets));
        return Optional.of(new LiveTableHandle(PIPELINES, name, definition.topic(), options.topicPattern(), Optional.of(pipeline), TupleDomain.all()));
    }

    private Optional<LiveTableHandle> topicTable(String name)
    {
        List<String> topics = topics();
        Optional<String> topic = topics.stream().filter(name::equals).findFirst();
        if (topic.isEmpty()) {
            List<String> matches = topics.stream().filter(name::equalsIgnoreCase).toList();
            if (matches.size() > 1) {
                throw new TrinoException(NOT_SUPPORTED, "Topics %s differ only in case: Trino cannot tell them apart".formatted(String.join(", ", matches)));
            }
            topic = matches.stream().findFirst();
        }
        return topic.map(found -> new LiveTableHandle(TOPICS, name, found, false, Optional.empty(), TupleDomain.all()));
    }

    /** The topics of the connector's cluster; none when the catalog names no cluster. */
    private List<String> topics()
    {
        PipelineOptions defaults = PipelineOptions.parse(null);
        String servers;
        try {
            servers = context.kafka().bootstrapServers(defaults);
        }
        catch (IllegalArgumentException e) {
            return List.of();
        }
        try (Admin admin = context.kafka().admin(defaults, "floe-ingest-live")) {
            return admin.listTopics().names().get(kafkaTimeout.toMillis(), MILLISECONDS).stream().sorted().toList();
        }
        catch (TimeoutException e) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Kafka at %s did not answer within %s s: is it reachable?".formatted(servers, kafkaTimeout.toSeconds()), e);
        }
        catch (ExecutionException e) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Kafka at %s: cannot list the topics: %s".formatted(servers, e.getCause().getMessage()), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrinoException(LIVE_KAFKA_ERROR, "Interrupted while listing the topics", e);
        }
    }

    // Iceberg and Hadoop load implementations by name through the context class loader
    private <T> T withPluginClassLoader(Supplier<T> action)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            return action.get();
        }
    }
}
