package dev.floe.access.governance;

import io.trino.spi.connector.ConnectorTransactionHandle;

public enum GovernanceTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
