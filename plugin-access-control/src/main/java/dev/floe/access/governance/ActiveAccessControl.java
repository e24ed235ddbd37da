package dev.floe.access.governance;

import dev.floe.access.spi.FloeAccessControl;
import io.trino.spi.TrinoException;

import java.util.Optional;
import java.util.function.Supplier;

import static io.trino.spi.StandardErrorCode.CONFIGURATION_INVALID;
import static java.util.Objects.requireNonNull;

/**
 * The Floe access control of this server, looked up on every query: the engine creates catalogs before the
 * access control, and a server may run with another access control or none.
 */
final class ActiveAccessControl
{
    private final Supplier<Optional<FloeAccessControl>> accessControl;

    ActiveAccessControl(Supplier<Optional<FloeAccessControl>> accessControl)
    {
        this.accessControl = requireNonNull(accessControl, "accessControl is null");
    }

    FloeAccessControl get()
    {
        return accessControl.get().orElseThrow(() -> new TrinoException(CONFIGURATION_INVALID,
                "the governance catalog needs access-control.name=floe: this server runs no Floe access control"));
    }
}
