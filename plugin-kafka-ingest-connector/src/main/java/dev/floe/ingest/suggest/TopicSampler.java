package dev.floe.ingest.suggest;

import dev.floe.ingest.pipeline.PipelineOptions;
import dev.floe.ingest.runtime.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads the most recent values of a topic for {@code suggest_mapping}: up to {@code samples} of them, the same
 * number from the end of each partition (a partition with fewer gives all it has), so that a schema that changed
 * over time is sampled as it is now. Records without a value (tombstones) are not samples.
 */
final class TopicSampler
{
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final KafkaClients kafka;
    private final Duration timeout;

    /**
     * @param timeout for each metadata request, and for reading all samples
     */
    TopicSampler(KafkaClients kafka, Duration timeout)
    {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * @throws IllegalArgumentException when the topic does not exist, has no records, or Kafka does not answer
     */
    List<byte[]> sample(PipelineOptions options, String topic, int samples)
    {
        String servers = kafka.bootstrapServers(options);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(options, "floe-ingest-suggest-mapping")) {
            List<TopicPartition> partitions = KafkaClients.partitions(consumer, topic, false, Optional.of(timeout));
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("TOPIC: topic %s does not exist at %s".formatted(topic, servers));
            }
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long perPartition = (samples + partitions.size() - 1) / partitions.size();
            consumer.assign(partitions);
            Set<TopicPartition> pending = new HashSet<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                long start = Math.max(beginnings.get(partition), end - perPartition);
                if (start < end) {
                    consumer.seek(partition, start);
                    pending.add(partition);
                }
            }
            if (pending.isEmpty()) {
                throw new IllegalArgumentException("TOPIC: topic %s has no records to sample".formatted(topic));
            }
            consumer.pause(partitions.stream().filter(partition -> !pending.contains(partition)).toList());

            List<byte[]> values = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && values.size() < samples && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition) && record.value() != null && values.size() < samples) {
                        values.add(record.value());
                    }
                }
                for (TopicPartition partition : List.copyOf(pending)) {
                    // with read_committed, transaction markers move the position past the last record
                    if (consumer.position(partition, timeout) >= ends.get(partition)) {
                        pending.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(pending.isEmpty()
                        ? "TOPIC: the latest records of topic %s have no value (tombstones)".formatted(topic)
                        : "Kafka at %s: no records of topic %s within %s s".formatted(servers, topic, timeout.toSeconds()));
            }
            return values;
        }
        catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at %s did not answer within %s s: is it reachable?".formatted(servers, timeout.toSeconds()), e);
        }
        catch (KafkaException e) {
            throw new IllegalArgumentException("Kafka at %s: %s".formatted(servers, e.getMessage()), e);
        }
    }
}
