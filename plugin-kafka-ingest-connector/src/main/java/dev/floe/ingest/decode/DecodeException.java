package dev.floe.ingest.decode;

/** A record's bytes cannot be decoded; the message goes into the dead-letter table as it is. */
public final class DecodeException
        extends Exception
{
    public DecodeException(String message)
    {
        super(message);
    }

    public DecodeException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
