package dev.floe.history.kafka;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The Kafka export of the history rows. Kafka producer properties (security, SASL, SSL, tuning) are passed through
 * as {@value #PRODUCER_PROPERTY_PREFIX}{@code <Kafka property>} and handed to {@link KafkaExportSink} without the
 * prefix, as they do not fit a fixed configuration class.
 */
public final class KafkaExportConfig
{
    public static final String PRODUCER_PROPERTY_PREFIX = "history.kafka.producer.";

    private String bootstrapServers;
    private String topicPrefix = "floe_history.";
    private String clientId = "floe-history";
    private Duration deliveryTimeout = new Duration(30, SECONDS);

    public String getBootstrapServers()
    {
        return bootstrapServers;
    }

    @Config("history.kafka.bootstrap-servers")
    @ConfigDescription("Kafka brokers to publish the history rows to, host:port[,host:port...]; required for the Kafka export")
    public KafkaExportConfig setBootstrapServers(String bootstrapServers)
    {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    @NotNull
    @Pattern(regexp = "[a-zA-Z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-', as Kafka topic names")
    public String getTopicPrefix()
    {
        return topicPrefix;
    }

    @Config("history.kafka.topic-prefix")
    @ConfigDescription("Prefix of the topics: one per history table, named <prefix><table>")
    public KafkaExportConfig setTopicPrefix(String topicPrefix)
    {
        this.topicPrefix = topicPrefix;
        return this;
    }

    @NotNull
    public String getClientId()
    {
        return clientId;
    }

    @Config("history.kafka.client-id")
    @ConfigDescription("Client id of the producer, for broker quotas, logs and metrics")
    public KafkaExportConfig setClientId(String clientId)
    {
        this.clientId = clientId;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getDeliveryTimeout()
    {
        return deliveryTimeout;
    }

    @Config("history.kafka.delivery-timeout")
    @ConfigDescription("How long the rows of a batch may wait for the brokers' acknowledgement; then the batch is retried")
    public KafkaExportConfig setDeliveryTimeout(Duration deliveryTimeout)
    {
        this.deliveryTimeout = deliveryTimeout;
        return this;
    }
}
