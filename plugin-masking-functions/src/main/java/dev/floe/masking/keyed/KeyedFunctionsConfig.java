package dev.floe.masking.keyed;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Catalog properties of the keyed masking functions ({@code etc/catalog/masking.properties}).
 * Key material normally arrives through {@code ${ENV:...}}, which Trino resolves before this class sees it.
 */
public final class KeyedFunctionsConfig
{
    private String keys;
    private String currentKeyId;

    @NotNull
    public String getKeys()
    {
        return keys;
    }

    @Config("masking.keys")
    @ConfigSecuritySensitive
    @ConfigDescription("Comma-separated masking keys as id:base64 (16, 24 or 32 bytes each); keep retired keys listed so old tokens stay reversible")
    public KeyedFunctionsConfig setKeys(String keys)
    {
        this.keys = keys;
        return this;
    }

    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1 to 32 letters, digits, '_' or '-'")
    public String getCurrentKeyId()
    {
        return currentKeyId;
    }

    @Config("masking.current-key-id")
    @ConfigDescription("Id of the key that new hashes, tokens and ciphertexts are made with")
    public KeyedFunctionsConfig setCurrentKeyId(String currentKeyId)
    {
        this.currentKeyId = currentKeyId;
        return this;
    }
}
