package dev.floe.access.policy;

import dev.floe.access.condition.Condition;

import java.util.List;
import java.util.Optional;

/**
 * What every kind of rule has: a name for errors, explanations and audit, principals, the resources it covers
 * and an optional condition.
 */
public interface Rule
{
    String name();

    SourceLocation location();

    Principals principals();

    List<ResourcePattern> resources();

    List<TagPattern> tags();

    Optional<Condition> condition();
}
