package dev.floe.ingest;

import dev.floe.ingest.connector.IngestConnectorFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;

import java.util.List;

/** Registers the {@code floe_ingest} connector: Kafka → Iceberg pipelines, run inside the Trino cluster. */
public final class FloeIngestPlugin
        implements Plugin
{
    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return List.of(new IngestConnectorFactory());
    }
}
