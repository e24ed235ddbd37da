package dev.floe.masking.keyed;

import io.trino.spi.connector.ConnectorTransactionHandle;

/** The catalog holds no data, so one stateless handle serves every transaction. */
public enum KeyedFunctionsTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
