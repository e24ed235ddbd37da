package dev.floe.masking.functions;

import dev.floe.masking.detect.SensitiveType;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.util.Arrays;
import java.util.List;

/** The labels of the sensitive types as Slices, made once instead of per value. */
final class SensitiveTypeLabels
{
    private static final List<Slice> LABELS = Arrays.stream(SensitiveType.values())
            .map(type -> Slices.utf8Slice(type.label()))
            .toList();

    private SensitiveTypeLabels() {}

    static Slice label(SensitiveType type)
    {
        return LABELS.get(type.ordinal());
    }
}
