package dev.floe.masking.keyed;

import com.google.inject.Inject;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.transaction.IsolationLevel;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class KeyedFunctionsConnector
        implements Connector
{
    private final LifeCycleManager lifeCycleManager;
    private final KeyedFunctionsMetadata metadata;
    private final KeyedFunctionProvider functionProvider;

    @Inject
    public KeyedFunctionsConnector(LifeCycleManager lifeCycleManager, KeyedFunctionsMetadata metadata, KeyedFunctionProvider functionProvider)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.functionProvider = requireNonNull(functionProvider, "functionProvider is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return KeyedFunctionsTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transactionHandle)
    {
        return metadata;
    }

    @Override
    public Optional<FunctionProvider> getFunctionProvider()
    {
        return Optional.of(functionProvider);
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
