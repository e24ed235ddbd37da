package dev.floe.e2e;

import dev.floe.testing.FloeStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * One stack of {@code bin/floe up} for every test class of this module, given to the methods that take a
 * {@link FloeStack}: starting one takes minutes of the suite's budget. The classes run in the order of their
 * {@code @Order} (see {@code junit-platform.properties}) and leave the stack running, restarted where they killed a
 * process; JUnit closes it ({@code bin/floe down}) after the last class.
 */
public final class SharedStack
        implements ParameterResolver
{
    private static final Namespace NAMESPACE = Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == FloeStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        // the root context's store closes AutoCloseable values when the whole run ends
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(FloeStack.class, _ -> FloeStack.start(Path.of("target/floe-e2e")), FloeStack.class);
    }
}
