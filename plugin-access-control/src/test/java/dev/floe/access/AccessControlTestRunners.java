package dev.floe.access;

import dev.floe.access.spi.FloeAccessControl;
import dev.floe.access.spi.FloeAccessControlFactory;
import dev.floe.masking.MaskingPlugin;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.TestingAccessControlContext;
import io.trino.spi.security.SystemAccessControlFactory.SystemAccessControlContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Query runners with the {@code floe} access control on a policy file, the masking functions (global and the
 * keyed {@code masking} catalog) and, where asked, an Iceberg catalog named {@code lakehouse} on the real REST
 * catalog server.
 */
public final class AccessControlTestRunners
{
    public static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /**
     * What the server hands an access-control factory, for tests that create access controls themselves.
     */
    public static final SystemAccessControlContext CONTEXT = new TestingAccessControlContext();

    private AccessControlTestRunners() {}

    public static FloeAccessControl accessControl(Path policyFile, Map<String, String> extraConfig)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "floe.policy.file", policyFile.toString(),
                "floe.policy.expression-path", "masking.functions",
                "floe.policy.refresh-period", "0s"));
        config.putAll(extraConfig);
        return (FloeAccessControl) new FloeAccessControlFactory(_ -> {}).create(config, CONTEXT);
    }

    public static FloeQueryRunner.Builder runner(FloeAccessControl accessControl)
    {
        return FloeQueryRunner.builder()
                .withSystemAccessControl(accessControl)
                .withPlugin(new MaskingPlugin())
                .withCatalog("masking", "floe_masking", Map.of(
                        "masking.keys", "k1:" + KEY,
                        "masking.current-key-id", "k1"))
                .withExtraProperty("sql.path", "masking.functions");
    }

    /**
     * The repository's root, from {@code -Dfloe.root} (set by the build).
     */
    public static Path repositoryRoot()
    {
        return Path.of(System.getProperty("floe.root", "..")).toAbsolutePath().normalize();
    }
}
