package dev.floe.ingest.benchmark;

import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.decode.JsonRecordDecoder;
import dev.floe.ingest.mapping.RecordMapper;
import dev.floe.ingest.mapping.ValueCoercer;
import dev.floe.ingest.pipeline.PipelineOptions.TimestampUnit;
import dev.floe.ingest.runtime.RecordConverter;
import dev.floe.ingest.runtime.RecordConverter.Outcome;
import dev.floe.ingest.runtime.RecordConverter.Row;
import dev.floe.ingest.write.BatchWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.floe.ingest.benchmark.BenchmarkIngest.record;

/**
 * One pipeline lane's work per record, on one thread, without Kafka or a catalog: the records and table of
 * {@link BenchmarkIngest} (200-byte JSON, eight columns), decoded; decoded and mapped to a row; and mapped and
 * written to Parquet (in memory). The differences show where a record's CPU time goes.
 *
 * <p>Run: {@code plugin-kafka-ingest-connector/bench/run-benchmarks.sh jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkRecordPath
{
    private static final int RECORDS = 10_000;
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.optional(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "region", Types.StringType.get()),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(5, "quantity", Types.IntegerType.get()),
            Types.NestedField.optional(6, "status", Types.StringType.get()),
            Types.NestedField.optional(7, "produced_at", Types.TimestampType.withZone()),
            Types.NestedField.optional(8, "note", Types.StringType.get()));

    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private JsonRecordDecoder decoder;
    private RecordConverter converter;

    @Setup
    public void setUp()
    {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int id = 0; id < RECORDS; id++) {
            records.add(new ConsumerRecord<>("orders", id % 8, id, null, record(id, start.plusNanos(id * 1_000L))));
        }
        decoder = new JsonRecordDecoder();
        converter = new RecordConverter(decoder, new RecordMapper(SCHEMA, Map.of(), Map.of(), new ValueCoercer(TimestampUnit.AUTO)), 1 << 20);
    }

    /** The files of one iteration, in memory, dropped after it. */
    @State(Scope.Thread)
    public static class Output
    {
        private Table table;
        private BatchWriter writer;

        @Setup
        public void createTable()
        {
            InMemoryCatalog catalog = new InMemoryCatalog();
            catalog.initialize("bench", ImmutableMap.of());
            catalog.createNamespace(Namespace.of("bench"));
            table = catalog.createTable(TableIdentifier.of("bench", "orders"), SCHEMA, PartitionSpec.unpartitioned());
        }

        @Setup(Level.Iteration)
        public void openWriter()
        {
            writer = new BatchWriter(table, table.schema(), "bench");
        }

        @TearDown(Level.Iteration)
        public void closeWriter()
        {
            if (writer.rows() == 0) {
                throw new IllegalStateException("the benchmark wrote no rows");
            }
            writer.abort();
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decode(Blackhole blackhole)
            throws Exception
    {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            blackhole.consume(decoder.decode(record.value()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decodeAndMap(Blackhole blackhole)
    {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            blackhole.consume(row(converter.convert(record, _ -> {})));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decodeMapAndWrite(Output output)
    {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            output.writer.write(row(converter.convert(record, _ -> {})).row());
        }
    }

    private static Row row(Outcome outcome)
    {
        if (outcome instanceof Row row) {
            return row;
        }
        throw new IllegalStateException("a benchmark record failed: " + outcome);
    }
}
