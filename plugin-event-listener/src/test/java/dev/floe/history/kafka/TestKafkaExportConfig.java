package dev.floe.history.kafka;

import io.airlift.bootstrap.Bootstrap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The properties as the listener's factory reads them: through Airlift's Bootstrap, with validation. */
final class TestKafkaExportConfig
{
    @Test
    void defaults()
    {
        KafkaExportConfig config = load(Map.of());
        assertThat(config.getBootstrapServers()).isNull();
        assertThat(config.getTopicPrefix()).isEqualTo("floe_history.");
        assertThat(config.getClientId()).isEqualTo("floe-history");
        assertThat(config.getDeliveryTimeout()).isEqualTo(new Duration(30, SECONDS));
    }

    @Test
    void explicitProperties()
    {
        KafkaExportConfig config = load(Map.of(
                "history.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092",
                "history.kafka.topic-prefix", "prod.history-",
                "history.kafka.client-id", "trino-coordinator",
                "history.kafka.delivery-timeout", "2m"));
        assertThat(config.getBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(config.getTopicPrefix()).isEqualTo("prod.history-");
        assertThat(config.getClientId()).isEqualTo("trino-coordinator");
        assertThat(config.getDeliveryTimeout()).isEqualTo(new Duration(2, MINUTES));
    }

    @Test
    void rejectsTopicPrefixesKafkaDoesNotAccept()
    {
        assertThatThrownBy(() -> load(Map.of("history.kafka.topic-prefix", "history/")))
                .hasMessageContaining("may contain only letters, digits, '.', '_' and '-', as Kafka topic names");
        assertThatThrownBy(() -> load(Map.of("history.kafka.delivery-timeout", "10ms")))
                .hasMessageContaining("deliveryTimeout");
    }

    private static KafkaExportConfig load(Map<String, String> properties)
    {
        return new Bootstrap(binder -> configBinder(binder).bindConfig(KafkaExportConfig.class))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(properties)
                .initialize()
                .getInstance(KafkaExportConfig.class);
    }
}
