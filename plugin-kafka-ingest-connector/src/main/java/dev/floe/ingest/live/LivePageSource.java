package dev.floe.ingest.live;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import org.apache.iceberg.data.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.floe.ingest.live.LiveErrorCode.LIVE_KAFKA_ERROR;
import static dev.floe.ingest.live.LiveErrorCode.LIVE_READ_TIMEOUT;
import static io.airlift.slice.Slices.utf8Slice;
import static io.airlift.slice.Slices.wrappedBuffer;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Reads one split: its partition from the start offset until the consumer's position reaches the end offset, with
 * its own consumer (assigned, no group, read_committed). With read_committed the position can pass the end without
 * a record at it (transaction markers, aborted records), so the position, not the last record, decides the end.
 * When Kafka returns nothing for the read timeout, the query fails naming the partition.
 */
final class LivePageSource
        implements ConnectorPageSource
{
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LiveSplit split;
    private final TopicPartition partition;
    private final List<LiveColumnHandle> columns;
    private final Optional<PipelineRecords> pipeline;
    private final Duration readTimeout;
    private final int[] dataPositions;

    private boolean finished;
    private long lastPosition;
    private long lastProgressNanos = System.nanoTime();
    private long completedBytes;
    private long completedPositions;
    private long readTimeNanos;

    LivePageSource(KafkaConsumer<byte[], byte[]> consumer, LiveSplit split, List<LiveColumnHandle> columns, Optional<PipelineRecords> pipeline, Duration readTimeout)
    {
        this.consumer = requireNonNull(consumer, "consumer is null");
        this.split = requireNonNull(split, "split is null");
        this.columns = ImmutableList.copyOf(columns);
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.readTimeout = requireNonNull(readTimeout, "readTimeout is null");
        this.partition = new TopicPartition(split.topic(), split.partition());
        this.dataPositions = columns.stream()
                .mapToInt(column -> column.fieldId().map(fieldId -> pipeline.orElseThrow().position(fieldId)).orElse(-1))
                .toArray();
        lastPosition = split.startOffset();
        finished = split.startOffset() >= split.endOffset();
        if (!finished) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, split.startOffset());
        }
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        if (finished) {
            return null;
        }
        long start = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<GenericRecord> rows = new ArrayList<>();
        long position;
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT).records(partition)) {
                if (record.offset() < split.startOffset() || record.offset() >= split.endOffset()) {
                    continue;
                }
                completedPositions++;
                completedBytes += Math.max(record.serializedKeySize(), 0) + Math.max(record.serializedValueSize(), 0);
                if (pipeline.isPresent()) {
                    Optional<GenericRecord> row = pipeline.get().row(record);
                    if (row.isEmpty()) {
                        // the pipeline sends it to the dead-letter table
                        continue;
                    }
                    rows.add(row.get());
                }
                records.add(record);
            }
            position = consumer.position(partition, readTimeout);
        }
        catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw timeout();
        }
        catch (KafkaException e) {
            throw new TrinoException(LIVE_KAFKA_ERROR, "Reading %s partition %s at offset %s: %s".formatted(split.topic(), split.partition(), split.startOffset(), e.getMessage()), e);
        }
        finally {
            readTimeNanos += System.nanoTime() - start;
        }

        long now = System.nanoTime();
        if (position >= split.endOffset()) {
            finished = true;
        }
        else if (position > lastPosition) {
            lastPosition = position;
            lastProgressNanos = now;
        }
        if (!finished && now - lastProgressNanos > readTimeout.toNanos()) {
            throw timeout();
        }
        if (records.isEmpty()) {
            return null;
        }
        return SourcePage.create(page(records, rows));
    }

    private TrinoException timeout()
    {
        long position;
        try {
            position = consumer.position(partition, Duration.ZERO);
        }
        catch (RuntimeException e) {
            position = split.startOffset();
        }
        return new TrinoException(LIVE_READ_TIMEOUT, "Kafka returned no records of topic %s partition %s for %s s (at offset %s, reading up to %s)"
                .formatted(split.topic(), split.partition(), readTimeout.toSeconds(), position, split.endOffset()));
    }

    private Page page(List<ConsumerRecord<byte[], byte[]>> records, List<GenericRecord> rows)
    {
        Block[] blocks = new Block[columns.size()];
        for (int channel = 0; channel < columns.size(); channel++) {
            LiveColumnHandle column = columns.get(channel);
            BlockBuilder builder = column.type().createBlockBuilder(null, records.size());
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                switch (column.role()) {
                    case DATA -> IcebergValues.write(column.type(), rows.get(i).get(dataPositions[channel]), builder);
                    case PARTITION -> INTEGER.writeLong(builder, record.partition());
                    case OFFSET -> BIGINT.writeLong(builder, record.offset());
                    case TIMESTAMP -> {
                        if (record.timestamp() < 0) {
                            builder.appendNull();
                        }
                        else {
                            TIMESTAMP_TZ_MILLIS.writeLong(builder, packDateTimeWithZone(record.timestamp(), UTC_KEY));
                        }
                    }
                    case KEY -> text(record.key(), builder);
                    case VALUE -> text(record.value(), builder);
                    case KEY_BYTES -> bytes(record.key(), builder);
                    case VALUE_BYTES -> bytes(record.value(), builder);
                    case HEADERS -> headers(record, (MapBlockBuilder) builder);
                }
            }
            blocks[channel] = builder.build();
        }
        return new Page(records.size(), blocks);
    }

    // invalid UTF-8 becomes U+FFFD, as Trino's from_utf8 does
    private static void text(byte[] value, BlockBuilder builder)
    {
        if (value == null) {
            builder.appendNull();
        }
        else {
            VARCHAR.writeSlice(builder, utf8Slice(new String(value, UTF_8)));
        }
    }

    private static void bytes(byte[] value, BlockBuilder builder)
    {
        if (value == null) {
            builder.appendNull();
        }
        else {
            VARBINARY.writeSlice(builder, wrappedBuffer(value));
        }
    }

    private static void headers(ConsumerRecord<byte[], byte[]> record, MapBlockBuilder builder)
    {
        // a map has one value per key: of a repeated header, the last
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        builder.buildEntry((keys, values) -> headers.forEach((key, value) -> {
            VARCHAR.writeSlice(keys, utf8Slice(key));
            bytes(value, values);
        }));
    }

    @Override
    public long getCompletedBytes()
    {
        return completedBytes;
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return OptionalLong.of(completedPositions);
    }

    @Override
    public long getReadTimeNanos()
    {
        return readTimeNanos;
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public long getMemoryUsage()
    {
        return 0;
    }

    @Override
    public void close()
    {
        consumer.close();
    }
}
