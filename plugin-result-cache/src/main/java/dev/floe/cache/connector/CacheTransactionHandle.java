package dev.floe.cache.connector;

import io.trino.spi.connector.ConnectorTransactionHandle;

/** The catalog keeps no transactional state: definitions are read from the store as they are. */
public enum CacheTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
