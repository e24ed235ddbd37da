package dev.floe.masking;

import dev.floe.testing.FloeQueryRunner;

import java.util.Map;

/** The masking plugin in a query runner with a {@code masking} catalog holding fixed test keys. */
public final class MaskingTestRunners
{
    /** Test-only key material (32 bytes, base64); never used outside tests. */
    public static final String KEY_1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final String KEY_2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private MaskingTestRunners() {}

    public static FloeQueryRunner.Builder withMaskingPlugin()
    {
        return FloeQueryRunner.builder()
                .withPlugin(new MaskingPlugin())
                .withCatalog("masking", "floe_masking", Map.of(
                        "masking.keys", "k1:" + KEY_1,
                        "masking.current-key-id", "k1"))
                // the same keys after a rotation: k2 is current, k1 stays for old tokens
                .withCatalog("masking_rotated", "floe_masking", Map.of(
                        "masking.keys", "k1:" + KEY_1 + ", k2:" + KEY_2,
                        "masking.current-key-id", "k2"))
                .withExtraProperty("sql.path", "masking.functions");
    }
}
