package dev.floe.masking.keyed;

import io.trino.spi.function.BoundSignature;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;

import java.lang.invoke.MethodHandle;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * One overload of a keyed function: its metadata and how to build its implementation for a bound signature.
 * Implementations take never-null arguments; {@code nullableResult} says whether they may return null.
 */
record KeyedFunction(FunctionMetadata metadata, boolean nullableResult, Function<BoundSignature, MethodHandle> implementation)
{
    KeyedFunction
    {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(implementation, "implementation is null");
    }

    FunctionId functionId()
    {
        return metadata.getFunctionId();
    }
}
