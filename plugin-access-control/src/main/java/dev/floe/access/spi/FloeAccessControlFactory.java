package dev.floe.access.spi;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;

import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * {@code access-control.name=floe}. Creating the access control loads and validates the policy file: an invalid
 * file fails server start.
 */
public final class FloeAccessControlFactory
        implements SystemAccessControlFactory
{
    public static final String NAME = "floe";

    private final Consumer<FloeAccessControl> onCreate;

    /**
     * @param onCreate told of each access control created, so the governance catalog can explain its policy
     */
    public FloeAccessControlFactory(Consumer<FloeAccessControl> onCreate)
    {
        this.onCreate = requireNonNull(onCreate, "onCreate is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context)
    {
        requireNonNull(config, "config is null");
        Injector injector = new Bootstrap(new FloeAccessControlModule())
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        FloeAccessControl accessControl = injector.getInstance(FloeAccessControl.class);
        onCreate.accept(accessControl);
        return accessControl;
    }
}
