package dev.floe.history.status;

import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** One schema holding one system table; there is nothing else to read or write. */
final class StatusConnector
        implements Connector
{
    private final StatusTable table;

    StatusConnector(StatusTable table)
    {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return StatusTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction)
    {
        return new ConnectorMetadata()
        {
            @Override
            public List<String> listSchemaNames(ConnectorSession session)
            {
                return List.of(StatusTable.NAME.getSchemaName());
            }

            @Override
            public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
            {
                return List.of();
            }
        };
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return Set.of(table);
    }

    enum StatusTransactionHandle
            implements ConnectorTransactionHandle
    {
        INSTANCE
    }
}
