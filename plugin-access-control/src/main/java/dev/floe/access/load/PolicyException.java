package dev.floe.access.load;

import java.util.List;

/**
 * A policy file that cannot be used; the message lists every problem found, each as
 * {@code file:line: rule 'name': what is wrong}.
 */
public final class PolicyException
        extends RuntimeException
{
    private final List<String> problems;

    public PolicyException(String file, List<String> problems)
    {
        super("Invalid policy file %s:%n  %s".formatted(file, String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems()
    {
        return problems;
    }
}
