package dev.floe.ingest.suggest;

import dev.floe.ingest.decode.DecodeException;
import dev.floe.ingest.decode.RecordDecoder;
import dev.floe.ingest.decode.RecordDecoders;
import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.pipeline.TableName;
import dev.floe.ingest.runtime.KafkaClients;
import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.ReturnTypeSpecification.DescribedTable;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM TABLE(ingest.system.suggest_mapping(TOPIC => 'orders', SAMPLES => 1000, FORMAT => 'json',
 * OPTIONS => '{...}', TARGET_TABLE => 'lakehouse.s.t', FLATTEN => false))}: samples the latest records of a topic
 * when the query is analyzed, on the coordinator, and returns the suggested columns with a ready
 * {@code CREATE TABLE}. OPTIONS are a pipeline's options; {@code bootstrap_servers}, {@code consumer} and
 * {@code schema} (for avro and protobuf) apply.
 */
public final class SuggestMappingFunction
        extends AbstractConnectorTableFunction
{
    public static final String SCHEMA = "system";
    public static final String NAME = "suggest_mapping";

    private static final int MAX_SAMPLES = 100_000;
    private static final Pattern NON_IDENTIFIER = Pattern.compile("[^a-z0-9_]");

    private final TopicSampler sampler;
    private final String targetCatalog;

    /**
     * @param targetCatalog the catalog of the default target table ({@code ingest.target-catalog})
     */
    public SuggestMappingFunction(KafkaClients kafka, String targetCatalog, Duration kafkaTimeout)
    {
        super(
                SCHEMA,
                NAME,
                List.of(
                        ScalarArgumentSpecification.builder().name("TOPIC").type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name("SAMPLES").type(BIGINT).defaultValue(1_000L).build(),
                        ScalarArgumentSpecification.builder().name("FORMAT").type(VARCHAR).defaultValue(utf8Slice("json")).build(),
                        ScalarArgumentSpecification.builder().name("OPTIONS").type(VARCHAR).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name("TARGET_TABLE").type(VARCHAR).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name("FLATTEN").type(BOOLEAN).defaultValue(false).build()),
                new DescribedTable(SuggestMappingTable.descriptor()));
        this.sampler = new TopicSampler(kafka, kafkaTimeout);
        this.targetCatalog = requireNonNull(targetCatalog, "targetCatalog is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        try {
            return TableFunctionAnalysis.builder()
                    .handle(suggest(arguments))
                    .build();
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(INVALID_FUNCTION_ARGUMENT, "suggest_mapping: " + e.getMessage(), e);
        }
    }

    private SuggestMappingHandle suggest(Map<String, Argument> arguments)
    {
        String topic = text(arguments, "TOPIC").filter(value -> !value.isBlank()).orElseThrow(() -> new IllegalArgumentException("TOPIC is required"));
        long samples = Optional.ofNullable((Long) value(arguments, "SAMPLES")).orElse(1_000L);
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("SAMPLES must be from 1 to %s, found %s".formatted(MAX_SAMPLES, samples));
        }
        String format = text(arguments, "FORMAT").orElse("json").trim().toLowerCase(Locale.ROOT);
        PipelineOptions options = PipelineOptions.parse(text(arguments, "OPTIONS").orElse(null));
        RecordDecoder decoder = RecordDecoders.create(format, options.schema());
        TableName target = text(arguments, "TARGET_TABLE")
                .map(name -> TableName.parse("TARGET_TABLE", name, targetCatalog))
                .orElseGet(() -> new TableName(targetCatalog, "default", NON_IDENTIFIER.matcher(topic.toLowerCase(Locale.ROOT)).replaceAll("_")));
        boolean flatten = Boolean.TRUE.equals(value(arguments, "FLATTEN"));

        List<byte[]> values = sampler.sample(options, topic, (int) samples);
        MappingSuggester suggester = new MappingSuggester(flatten);
        Optional<String> firstError = Optional.empty();
        for (byte[] value : values) {
            try {
                suggester.add(decoder.decode(value));
            }
            catch (DecodeException | RuntimeException e) {
                firstError = firstError.or(() -> Optional.ofNullable(e.getMessage()));
            }
        }
        if (suggester.records() == 0) {
            throw new IllegalArgumentException("none of the %s sampled records of topic %s could be decoded as %s: %s".formatted(values.size(), topic, format, firstError.orElse("")));
        }
        List<SuggestedColumn> columns = suggester.columns();
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("the sampled records of topic %s have no fields".formatted(topic));
        }
        return new SuggestMappingHandle(columns, CreateTableStatement.render(target, columns));
    }

    private static Optional<String> text(Map<String, Argument> arguments, String name)
    {
        return Optional.ofNullable((Slice) value(arguments, name)).map(Slice::toStringUtf8);
    }

    private static Object value(Map<String, Argument> arguments, String name)
    {
        return arguments.get(name) instanceof ScalarArgument scalar ? scalar.getValue() : null;
    }
}
