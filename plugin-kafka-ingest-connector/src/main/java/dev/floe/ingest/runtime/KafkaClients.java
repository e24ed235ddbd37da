package dev.floe.ingest.runtime;

import com.google.common.collect.ImmutableMap;
import dev.floe.ingest.pipeline.PipelineOptions;
import io.trino.spi.classloader.ThreadContextClassLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Creates the Kafka clients of pipelines: the connector's default consumer properties ({@code ingest.kafka.consumer.*},
 * e.g. SASL and SSL), overridden by the pipeline's {@code consumer} option, then the settings exactly-once needs.
 */
public final class KafkaClients
{
    private final Optional<String> defaultBootstrapServers;
    private final Map<String, String> defaultProperties;
    private final ClassLoader pluginClassLoader;

    public KafkaClients(Optional<String> defaultBootstrapServers, Map<String, String> defaultProperties, ClassLoader pluginClassLoader)
    {
        this.defaultBootstrapServers = requireNonNull(defaultBootstrapServers, "defaultBootstrapServers is null");
        this.defaultProperties = ImmutableMap.copyOf(defaultProperties);
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    public String bootstrapServers(PipelineOptions options)
    {
        return options.bootstrapServers()
                .or(() -> Optional.ofNullable(options.consumer().get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)))
                .or(() -> defaultBootstrapServers)
                .orElseThrow(() -> new IllegalArgumentException("No Kafka cluster: set option bootstrap_servers, or ingest.kafka.bootstrap-servers in the catalog"));
    }

    public KafkaConsumer<byte[], byte[]> consumer(PipelineOptions options, String clientId)
    {
        Map<String, Object> properties = new HashMap<>(common(options));
        // positions come from the target table and are never committed to Kafka: no group, no auto commit
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // records of aborted transactions never reach a table
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return withPluginClassLoader(() -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    public Admin admin(PipelineOptions options, String clientId)
    {
        Map<String, Object> properties = new HashMap<>(common(options));
        properties.keySet().retainAll(AdminClientConfig.configNames());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        properties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return withPluginClassLoader(() -> Admin.create(properties));
    }

    /**
     * The partitions of the topic, or of every topic the pattern matches, ordered by topic and partition; empty when
     * there is none. Metadata requests wait {@code timeout}, or the consumer's {@code default.api.timeout.ms}.
     *
     * @throws PatternSyntaxException when the pattern is not a regular expression
     */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, boolean pattern, Optional<Duration> timeout)
    {
        List<PartitionInfo> infos = new ArrayList<>();
        if (pattern) {
            Pattern compiled = Pattern.compile(topic);
            Map<String, List<PartitionInfo>> topics = timeout.isPresent() ? consumer.listTopics(timeout.get()) : consumer.listTopics();
            topics.forEach((name, topicInfos) -> {
                if (compiled.matcher(name).matches()) {
                    infos.addAll(topicInfos);
                }
            });
        }
        else {
            List<PartitionInfo> topicInfos = timeout.isPresent() ? consumer.partitionsFor(topic, timeout.get()) : consumer.partitionsFor(topic);
            if (topicInfos != null) {
                infos.addAll(topicInfos);
            }
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                .toList();
    }

    private Map<String, Object> common(PipelineOptions options)
    {
        Map<String, Object> properties = new HashMap<>(defaultProperties);
        properties.putAll(options.consumer());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(options));
        return properties;
    }

    // Kafka loads configured classes (SASL login modules, callback handlers) through the context class loader
    private <T> T withPluginClassLoader(Supplier<T> creator)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(pluginClassLoader)) {
            return creator.get();
        }
    }
}
