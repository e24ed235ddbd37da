package dev.floe.ingest.mapping;

import static java.util.Objects.requireNonNull;

/** A decoded record cannot become a row of the table; the message names the column and the value. */
public final class MappingException
        extends Exception
{
    public enum Kind
    {
        /** A value cannot be converted to its column's type, or a NOT NULL column has none. */
        COERCION,
        /** A value breaks a declared rule of its column. */
        QUALITY,
    }

    private final Kind kind;

    public MappingException(Kind kind, String message)
    {
        super(message);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind()
    {
        return kind;
    }
}
