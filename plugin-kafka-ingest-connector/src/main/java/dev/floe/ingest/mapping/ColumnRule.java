package dev.floe.ingest.mapping;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A data-quality rule of one column, checked on the coerced value: a record that breaks it goes to the dead-letter
 * table. {@code min} and {@code max} are inclusive and apply to numbers; {@code pattern} must match the whole
 * text of a string column.
 */
public record ColumnRule(boolean notNull, Optional<BigDecimal> min, Optional<BigDecimal> max, Optional<Pattern> pattern)
{
    public ColumnRule
    {
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(pattern, "pattern is null");
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw new IllegalArgumentException("min %s is greater than max %s".formatted(min.get(), max.get()));
        }
    }
}
