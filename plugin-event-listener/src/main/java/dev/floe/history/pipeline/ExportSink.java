package dev.floe.history.pipeline;

import dev.floe.history.table.Row;

import java.util.List;

/**
 * A destination besides the Iceberg tables (OpenLineage, Kafka) that receives every batch once the tables hold it.
 * A batch stays in the spool until every export sink took it, so delivery is at least once: after a crash a sink
 * may receive a batch again, and consumers deduplicate by query id and event type.
 */
public interface ExportSink
        extends AutoCloseable
{
    /** Short, stable and file-name safe: it names the sink's delivery marker in the spool. */
    String name();

    /** Delivers the rows of spool segments up to {@code segment}; throws to have the batch retried later. */
    void deliver(long segment, List<Row> rows)
            throws Exception;

    @Override
    default void close() {}
}
