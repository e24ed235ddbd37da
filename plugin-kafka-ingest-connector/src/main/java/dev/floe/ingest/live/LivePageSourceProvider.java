package dev.floe.ingest.live;

import dev.floe.ingest.runtime.KafkaClients;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSplit;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.floe.ingest.live.LiveErrorCode.LIVE_PIPELINE_ERROR;
import static java.util.Objects.requireNonNull;

/** Reads splits of topic and pipeline tables on the node that runs them. */
public final class LivePageSourceProvider
{
    private final KafkaClients kafka;
    private final Duration readTimeout;

    /**
     * @param readTimeout how long a split waits for records of its partition before the query fails
     */
    public LivePageSourceProvider(KafkaClients kafka, Duration readTimeout)
    {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.readTimeout = requireNonNull(readTimeout, "readTimeout is null");
    }

    public ConnectorPageSource createPageSource(LiveTableHandle table, ConnectorSplit split, List<ColumnHandle> columns)
    {
        LiveSplit liveSplit = (LiveSplit) split;
        Optional<PipelineRecords> pipeline;
        try {
            pipeline = table.pipeline().map(PipelineRecords::new);
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LIVE_PIPELINE_ERROR, "Pipeline %s: %s".formatted(table.tableName(), e.getMessage()), e);
        }
        List<LiveColumnHandle> liveColumns = columns.stream().map(LiveColumnHandle.class::cast).toList();
        KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(table.consumerOptions(), "floe-ingest-live-%s-%s".formatted(liveSplit.topic(), liveSplit.partition()));
        try {
            return new LivePageSource(consumer, liveSplit, liveColumns, pipeline, readTimeout);
        }
        catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
