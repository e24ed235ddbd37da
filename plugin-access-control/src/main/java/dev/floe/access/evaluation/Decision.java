package dev.floe.access.evaluation;

import java.util.List;

/**
 * The outcome of a check and the rules that decided it (empty when nothing allowed it: default deny).
 *
 * @param cacheable false when a condition over the request took part, so the outcome may differ next query
 */
public record Decision(boolean allowed, List<String> rules, boolean cacheable)
{
    public Decision
    {
        rules = List.copyOf(rules);
    }

    public String explanation()
    {
        if (rules.isEmpty()) {
            return allowed ? "allowed" : "denied: no rule allows it";
        }
        return (allowed ? "allowed by " : "denied by ") + String.join(", ", rules);
    }
}
