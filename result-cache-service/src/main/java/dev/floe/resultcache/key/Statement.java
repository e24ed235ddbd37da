package dev.floe.resultcache.key;

import static java.util.Objects.requireNonNull;

/** What the proxy does with a statement, decided from its syntax alone. */
public sealed interface Statement
{
    /** A query that may be answered from the cache; {@code normalized} is the text of its key. */
    record Cacheable(String normalized)
            implements Statement
    {
        public Cacheable
        {
            requireNonNull(normalized, "normalized is null");
        }
    }

    /** {@code SET SESSION skip_results_cache = …} or {@code RESET SESSION skip_results_cache}: answered by the proxy. */
    record SkipDirective(boolean reset, boolean skip)
            implements Statement {}

    /** Anything else: passed to the coordinator as sent; {@code reason} says why it is not cached. */
    record PassThrough(String reason)
            implements Statement
    {
        public PassThrough
        {
            requireNonNull(reason, "reason is null");
        }
    }
}
