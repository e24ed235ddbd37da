package dev.floe.access.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A compiled CEL condition of a rule. Evaluation errors (a missing attribute, a type mismatch) are reported as
 * {@link Outcome#ERROR} so each kind of rule can fail closed: an allow whose condition fails does not allow, a
 * deny whose condition fails denies.
 */
public final class Condition
{
    public enum Outcome
    {
        TRUE, FALSE, ERROR
    }

    private final String text;
    private final CelRuntime.Program program;
    private final boolean requestDependent;

    Condition(String text, CelRuntime.Program program, boolean requestDependent)
    {
        this.text = requireNonNull(text, "text is null");
        this.program = requireNonNull(program, "program is null");
        this.requestDependent = requestDependent;
    }

    public String text()
    {
        return text;
    }

    /**
     * Conditions over {@code request} (time, source, client tags) differ between queries of one user, so
     * decisions that consulted them are never cached.
     */
    public boolean requestDependent()
    {
        return requestDependent;
    }

    public Outcome evaluate(Map<String, ?> variables)
    {
        try {
            // a dyn value (an attribute) passes the compiler's bool check: a string "true" is an error, not false,
            // so that a deny over it fails closed
            return switch (program.eval(variables)) {
                case Boolean result -> result ? Outcome.TRUE : Outcome.FALSE;
                default -> Outcome.ERROR;
            };
        }
        catch (CelEvaluationException | RuntimeException _) {
            return Outcome.ERROR;
        }
    }

    @Override
    public String toString()
    {
        return text;
    }
}
