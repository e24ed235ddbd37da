package dev.floe.access.evaluation;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The mask chosen for one column and the rule it comes from.
 *
 * @param identity the user the mask runs as; empty for the querying user
 */
public record AppliedMask(String column, String expression, Optional<String> identity, String rule)
{
    public AppliedMask
    {
        requireNonNull(column, "column is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(rule, "rule is null");
    }
}
