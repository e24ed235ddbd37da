package dev.floe.access.benchmark;

import dev.floe.access.AccessControlTestRunners;
import dev.floe.access.spi.FloeAccessControl;
import io.trino.plugin.base.security.AllowAllSystemAccessControl;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.spi.QueryId;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * The access controls compared: Trino's allow-all (the floor), Trino's file-based access control and Floe,
 * each on the equivalent rules of {@link BenchmarkPolicies}.
 */
final class BenchmarkAccessControls
{
    static final String ALLOW_ALL = "allow-all";
    static final String FILE_BASED = "file-based";
    static final String FLOE = "floe";

    // java.util.logging keeps loggers weakly: hold the configured ones
    private static final Logger AUDIT_LOGGER = Logger.getLogger("floe.access.audit");
    private static final Logger STORE_LOGGER = Logger.getLogger("dev.floe.access.spi.PolicyStore");

    private BenchmarkAccessControls() {}

    static SystemAccessControl create(String kind, boolean large, Path directory)
    {
        return switch (kind) {
            case ALLOW_ALL -> new AllowAllSystemAccessControl();
            case FILE_BASED -> fileBased(BenchmarkPolicies.writeFileBasedRules(directory, large));
            case FLOE -> floe(BenchmarkPolicies.writeFloePolicy(directory, large));
            default -> throw new IllegalArgumentException("unknown access control: " + kind);
        };
    }

    static SystemAccessControl fileBased(Path rules)
    {
        return new FileBasedSystemAccessControl.Factory().create(Map.of("security.config-file", rules.toString()), AccessControlTestRunners.CONTEXT);
    }

    static FloeAccessControl floe(Path policy)
    {
        quietAudit();
        return AccessControlTestRunners.accessControl(policy, Map.of());
    }

    /** The context of one query of the analyst, as the engine passes it. */
    static SystemSecurityContext analystContext()
    {
        return new SystemSecurityContext(Identity.ofUser(BenchmarkPolicies.USER), QueryId.valueOf("q"), Instant.now());
    }

    /**
     * Audit records are still built and formatted, but written nowhere, and reload messages are dropped: the
     * benchmark output stays readable and no console write is timed.
     */
    static void quietAudit()
    {
        if (AUDIT_LOGGER.getUseParentHandlers()) {
            AUDIT_LOGGER.setUseParentHandlers(false);
            AUDIT_LOGGER.addHandler(new StreamHandler(OutputStream.nullOutputStream(), new SimpleFormatter()));
            STORE_LOGGER.setLevel(Level.WARNING);
        }
    }
}
