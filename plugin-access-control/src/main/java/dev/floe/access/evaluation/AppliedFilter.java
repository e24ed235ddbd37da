package dev.floe.access.evaluation;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The row filter of one relation for one user: the matching filters ORed into one expression.
 *
 * @param identity the user the filter runs as; empty for the querying user
 */
public record AppliedFilter(String expression, Optional<String> identity, List<String> rules)
{
    public AppliedFilter
    {
        requireNonNull(expression, "expression is null");
        requireNonNull(identity, "identity is null");
        rules = List.copyOf(rules);
    }
}
