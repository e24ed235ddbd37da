package dev.floe.history.kafka;

import dev.floe.history.pipeline.ExportSink;
import dev.floe.history.table.Row;
import dev.floe.history.table.RowCodec;
import io.trino.spi.classloader.ThreadContextClassLoader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;
import static org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG;

/**
 * Publishes every row of a batch to Kafka: one topic per history table, {@code <prefix><table>}, keyed by query id
 * so that the rows of one query land in one partition in the order of the batch. A message is the row's
 * {@link RowCodec} line without its newline, {@code {"t":"queries","v":{"query_id":"…","create_time":1700000000000000,…}}}:
 * columns by name, times as epoch microseconds, nulls left out; {@link RowCodec#read} decodes it.
 * <p>
 * The producer is idempotent with {@code acks=all}, so its own retries neither duplicate nor reorder records.
 * {@link #deliver} returns once the brokers acknowledged every record of the batch and throws otherwise; the pipeline
 * then delivers the whole batch again, so consumers see each row at least once. The topics are not created here.
 */
public final class KafkaExportSink
        implements ExportSink
{
    public static final String NAME = "kafka";

    private static final String KEY_COLUMN = "query_id";
    // the guarantees above rest on these: passed-through producer properties may not change them
    private static final Set<String> OWN_PROPERTIES = Set.of(
            BOOTSTRAP_SERVERS_CONFIG,
            CLIENT_ID_CONFIG,
            ENABLE_IDEMPOTENCE_CONFIG,
            ACKS_CONFIG,
            DELIVERY_TIMEOUT_MS_CONFIG,
            TRANSACTIONAL_ID_CONFIG,
            KEY_SERIALIZER_CLASS_CONFIG,
            VALUE_SERIALIZER_CLASS_CONFIG);
    private static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;

    private final Map<String, Object> producerProperties;
    private final String topicPrefix;
    private final Duration deliveryTimeout;
    private final RowCodec codec = new RowCodec();
    private final LineBuffer buffer = new LineBuffer();

    // replaced after a failed delivery; guarded by this
    private Producer<String, byte[]> producer;
    private boolean closed;

    /**
     * @param producerProperties Kafka producer properties without {@value KafkaExportConfig#PRODUCER_PROPERTY_PREFIX}
     * (for example {@code security.protocol}, {@code sasl.jaas.config}), except those the sink sets itself
     */
    public KafkaExportSink(KafkaExportConfig config, Map<String, String> producerProperties)
    {
        requireNonNull(config, "config is null");
        requireNonNull(producerProperties, "producerProperties is null");
        checkArgument(config.getBootstrapServers() != null && !config.getBootstrapServers().isBlank(), "history.kafka.bootstrap-servers is required for the Kafka export");
        for (String name : producerProperties.keySet()) {
            checkArgument(!OWN_PROPERTIES.contains(name), "%s%s is set by the Kafka export itself", KafkaExportConfig.PRODUCER_PROPERTY_PREFIX, name);
        }
        this.topicPrefix = requireNonNull(config.getTopicPrefix(), "topicPrefix is null");
        this.deliveryTimeout = Duration.ofMillis(config.getDeliveryTimeout().toMillis());

        long timeoutMillis = deliveryTimeout.toMillis();
        Map<String, Object> properties = new HashMap<>();
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms; half leaves room for one more try
        properties.put(REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(DEFAULT_REQUEST_TIMEOUT_MILLIS, timeoutMillis / 2)));
        // how long send() waits for a topic's metadata or for buffer space: also bounded by the delivery timeout
        properties.put(MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMillis));
        properties.putAll(producerProperties);
        properties.put(BOOTSTRAP_SERVERS_CONFIG, config.getBootstrapServers());
        properties.put(CLIENT_ID_CONFIG, config.getClientId());
        properties.put(ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ACKS_CONFIG, "all");
        properties.put(DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(Integer.MAX_VALUE, timeoutMillis)));
        this.producerProperties = Map.copyOf(properties);
        // a wrong property fails here, at startup, rather than at the first delivery
        this.producer = createProducer(this.producerProperties);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public synchronized void deliver(long segment, List<Row> rows)
            throws Exception
    {
        requireNonNull(rows, "rows is null");
        checkState(!closed, "The Kafka export is closed");
        if (rows.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = createProducer(producerProperties);
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                Future<RecordMetadata> send = producer.send(record(row));
                sends.add(send);
                // failed in send() itself, for example no metadata for the topic within max.block.ms: the next would too
                if (send.state() == Future.State.FAILED) {
                    break;
                }
            }
            // sends without waiting for linger.ms and returns once every record is acknowledged or failed
            producer.flush();
        }
        catch (IOException | RuntimeException e) {
            discardProducer();
            throw e;
        }
        int failed = 0;
        Throwable firstFailure = null;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            }
            catch (ExecutionException e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = e.getCause();
                }
            }
        }
        if (failed > 0 || sends.size() < rows.size()) {
            discardProducer();
            throw new IOException("Kafka did not acknowledge %s of the %s history rows up to segment %s: %s".formatted(rows.size() - sends.size() + failed, rows.size(), segment, firstFailure), firstFailure);
        }
    }

    @Override
    public synchronized void close()
    {
        closed = true;
        if (producer != null) {
            producer.close(deliveryTimeout);
            producer = null;
        }
    }

    private ProducerRecord<String, byte[]> record(Row row)
            throws IOException
    {
        // every history table has the column; a table without one would still be exported, unkeyed
        String key = row.table().schema().findField(KEY_COLUMN) == null ? null : (String) row.get(KEY_COLUMN);
        buffer.reset();
        codec.write(row, buffer);
        return new ProducerRecord<>(topicPrefix + row.table().name(), key, buffer.line());
    }

    /**
     * Closes the producer after a failure without waiting for what it still holds: its state after an error (an
     * expired idempotent batch, a failed authentication) is not visible from outside, and the batch is sent again in
     * full anyway, by a new producer.
     */
    private void discardProducer()
    {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static Producer<String, byte[]> createProducer(Map<String, Object> properties)
    {
        // kafka-clients loads the classes a configuration names (SASL login modules and callback handlers,
        // partitioners, metric reporters) through the thread's context class loader, which in Trino is not this
        // plugin's; serializer instances avoid that lookup for the serializers
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(KafkaExportSink.class.getClassLoader())) {
            return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        }
    }

    /** The bytes of one {@link RowCodec} line without its newline. */
    private static final class LineBuffer
            extends ByteArrayOutputStream
    {
        byte[] line()
        {
            return Arrays.copyOf(buf, count - 1);
        }
    }
}
