package dev.floe.cache.refresh;

/** A refresh that could not run or failed; the message names the view and the cause. */
public final class RefreshException
        extends RuntimeException
{
    public RefreshException(String message)
    {
        super(message);
    }

    public RefreshException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
