package dev.floe.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Records through a real broker in a forked JVM: keyed records keep their order within a key, transactions commit
 * and abort as a read_committed consumer sees them; and once closed, no process, port or data is left.
 */
@TestInstance(PER_CLASS)
final class TestKafkaBroker
{

    private KafkaBroker broker;

    @BeforeAll
    void startBroker()
    {
        broker = KafkaBroker.start();
    }

    @AfterAll
    void closeBroker()
    {
        broker.close();
    }

    @Test
    void keyedRecordsKeepTheirOrderWithinAPartition()
    {
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        broker.createTopic("events", 3);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(Map.of()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>("events", "key-" + (i % 5), "value-" + i));
            }
            producer.flush();
        }

        try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
            assertThat(consumer.partitionsFor("events")).hasSize(3);
            List<ConsumerRecord<String, String>> records = broker.readAll("events", IsolationLevel.READ_UNCOMMITTED);
            assertThat(records).hasSize(30);
            Map<String, List<String>> valuesByKey = records.stream().collect(groupingBy(ConsumerRecord::key, mapping(ConsumerRecord::value, toList())));
            assertThat(valuesByKey).hasSize(5);
            valuesByKey.forEach((key, values) -> {
                int first = Integer.parseInt(key.substring("key-".length()));
                assertThat(values).containsExactlyElementsOf(IntStream.iterate(first, i -> i < 30, i -> i + 5).mapToObj(i -> "value-" + i).toList());
            });
            Map<String, Set<Integer>> partitionsByKey = records.stream().collect(groupingBy(ConsumerRecord::key, mapping(ConsumerRecord::partition, toSet())));
            assertThat(partitionsByKey.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        }
    }

    @Test
    void createdTopicsAreServedAtOnce()
    {
        try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
            for (int partitions = 1; partitions <= 5; partitions++) {
                broker.createTopic("served-" + partitions, partitions);
                assertThat(consumer.partitionsFor("served-" + partitions))
                        .allSatisfy(partition -> assertThat(partition.leader().id()).isEqualTo(1))
                        .hasSize(partitions);
            }
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions()
    {
        broker.createTopic("transactions", 3);

        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-transactions");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(transactional), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("transactions", "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("transactions", "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "last"));
            producer.commitTransaction();
        }

        List<String> committed = IntStream.range(0, 10).mapToObj(i -> "committed-" + i).collect(toList());
        committed.add("last");
        assertThat(broker.readAll("transactions", IsolationLevel.READ_COMMITTED)).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(committed);
        List<String> everything = new ArrayList<>(committed);
        IntStream.range(0, 5).mapToObj(i -> "aborted-" + i).forEach(everything::add);
        assertThat(broker.readAll("transactions", IsolationLevel.READ_UNCOMMITTED)).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(everything);
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsData()
            throws IOException
    {
        List<ProcessHandle> before = children();
        ProcessHandle process;
        Path directory;
        int port;
        try (KafkaBroker other = KafkaBroker.start()) {
            List<ProcessHandle> started = children();
            started.removeAll(before);
            assertThat(started).hasSize(1);
            process = started.getFirst();
            // the broker runs in the directory that holds its configuration and data
            directory = Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd"));
            assertThat(directory.resolve("server.properties")).content().contains("process.roles=broker,controller");
            assertThat(directory.resolve("data")).isDirectory();
            port = Integer.parseInt(other.bootstrapServers().substring(other.bootstrapServers().lastIndexOf(':') + 1));
            assertThat(port).isNotEqualTo(Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1)));
            other.createTopic("gone", 1);
        }
        assertThat(process.isAlive()).isFalse();
        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        }).isInstanceOf(IOException.class);
    }

    private Map<String, Object> producerProperties(Map<String, Object> extra)
    {
        Map<String, Object> properties = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"));
        properties.putAll(extra);
        return properties;
    }

    private KafkaConsumer<String, String> consumer(IsolationLevel isolationLevel)
    {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel.toString(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(),
                new StringDeserializer());
    }

    /** The processes this test JVM forked: only brokers here, as the storage format step ends before start returns. */
    private static List<ProcessHandle> children()
    {
        return ProcessHandle.current().children().collect(toList());
    }
}
