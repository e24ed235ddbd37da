package dev.floe.masking;

import io.trino.spi.Plugin;

public final class MaskingPlugin
        implements Plugin
{
}
