package dev.floe.masking;

import dev.floe.masking.functions.ClassifyColumnAggregation;
import dev.floe.masking.functions.DefaultValueFunctions;
import dev.floe.masking.functions.DetectionFunctions;
import dev.floe.masking.functions.GeneralizationFunctions;
import dev.floe.masking.functions.NoiseFunctions;
import dev.floe.masking.functions.RedactionFunctions;
import dev.floe.masking.keyed.KeyedFunctionsConnectorFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;

import java.util.List;
import java.util.Set;

/**
 * Keyless functions are global ({@code system.builtin}, callable anywhere unqualified, including in masks).
 * Keyed functions need their keys from configuration, so a catalog of connector {@code floe_masking} provides them.
 */
public final class MaskingPlugin
        implements Plugin
{
    @Override
    public Set<Class<?>> getFunctions()
    {
        return Set.of(
                RedactionFunctions.class,
                DefaultValueFunctions.class,
                DefaultValueFunctions.DefaultDecimal.class,
                DefaultValueFunctions.DefaultTimestamp.class,
                DefaultValueFunctions.DefaultTimestampWithTimeZone.class,
                DefaultValueFunctions.MaskNull.class,
                GeneralizationFunctions.class,
                GeneralizationFunctions.YearOfTimestamp.class,
                GeneralizationFunctions.MonthOfTimestamp.class,
                GeneralizationFunctions.YearOfTimestampWithTimeZone.class,
                GeneralizationFunctions.MonthOfTimestampWithTimeZone.class,
                GeneralizationFunctions.GeneralizeDecimal.class,
                NoiseFunctions.class,
                NoiseFunctions.NoiseDecimal.class,
                NoiseFunctions.ShiftTimestamp.class,
                DetectionFunctions.class,
                ClassifyColumnAggregation.class);
    }

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return List.of(new KeyedFunctionsConnectorFactory());
    }
}
