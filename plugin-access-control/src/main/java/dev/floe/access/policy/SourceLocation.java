package dev.floe.access.policy;

import static java.util.Objects.requireNonNull;

/**
 * Where a rule was written, so that validation errors and audit records can point at it.
 */
public record SourceLocation(String file, int line)
{
    public SourceLocation
    {
        requireNonNull(file, "file is null");
    }

    @Override
    public String toString()
    {
        return file + ":" + line;
    }
}
