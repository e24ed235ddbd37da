package dev.floe.ingest.live;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.USER_ERROR;

/** Why a query of a topic or pipeline table failed. */
public enum LiveErrorCode
        implements ErrorCodeSupplier
{
    /** Kafka refused a request or did not answer it. */
    LIVE_KAFKA_ERROR(0, EXTERNAL),
    /** Kafka stopped returning the records of a partition while a split read it. */
    LIVE_READ_TIMEOUT(1, EXTERNAL),
    /** The pipeline's definition or target table cannot be read as a table (e.g. the target was dropped). */
    LIVE_PIPELINE_ERROR(2, USER_ERROR),
    /** The catalog of the pipelines' target tables failed. */
    LIVE_CATALOG_ERROR(3, EXTERNAL);

    private final ErrorCode errorCode;

    LiveErrorCode(int code, ErrorType type)
    {
        // an arbitrary range, away from Trino's own connectors' (0x0100_0000 to 0x0600_0000)
        errorCode = new ErrorCode(code + 0x0F10_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
