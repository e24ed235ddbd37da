package dev.floe.access.governance;

import com.google.inject.Inject;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorRecordSetProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.connector.RecordSet;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The policy tables are system tables, computed on the coordinator where the policy is loaded;
 * {@code explain_access} is decided during analysis, on the coordinator too, and pushed down into a scan of its
 * rows, which runs there as well (see {@link ExplainAccessSplit}).
 */
final class GovernanceConnector
        implements Connector
{
    private final GovernanceMetadata metadata = new GovernanceMetadata();
    private final Set<SystemTable> tables;
    private final ExplainAccessFunction explainAccess;
    private final NodeManager nodeManager;

    @Inject
    GovernanceConnector(ActiveAccessControl accessControl, ExplainAccessFunction explainAccess, NodeManager nodeManager)
    {
        this.tables = PolicyTables.create(accessControl);
        this.explainAccess = requireNonNull(explainAccess, "explainAccess is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return GovernanceTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction)
    {
        return metadata;
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return tables;
    }

    @Override
    public Set<ConnectorTableFunction> getTableFunctions()
    {
        return Set.of(explainAccess);
    }

    @Override
    public ConnectorSplitManager getSplitManager()
    {
        return new ConnectorSplitManager()
        {
            @Override
            public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, DynamicFilter dynamicFilter, Constraint constraint)
            {
                // splits are listed on the coordinator
                return new FixedSplitSource(new ExplainAccessSplit(nodeManager.getCurrentNode().getHostAndPort()));
            }
        };
    }

    @Override
    public ConnectorRecordSetProvider getRecordSetProvider()
    {
        return new ConnectorRecordSetProvider()
        {
            @Override
            public RecordSet getRecordSet(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorSplit split, ConnectorTableHandle table, List<? extends ColumnHandle> columns)
            {
                return ((ExplainAccessHandle) table).recordSet(columns.stream().map(ExplainAccessColumn.class::cast).toList());
            }
        };
    }
}
