package dev.floe.ingest.decode;

/**
 * The schema registry could not say which schema an id names: no answer, a refused connection, an error of its own
 * (5xx), throttling or refused credentials. Nothing is wrong with the record, so it must not become a dead letter:
 * the pipeline retries the batch with backoff and reports the message, as it does when the broker is unreachable.
 */
public final class SchemaRegistryUnavailableException
        extends RuntimeException
{
    public SchemaRegistryUnavailableException(String message)
    {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
