package dev.floe.masking.crypto;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The configured masking keys and which one is current. New values are protected under the current key;
 * tokens and hashes made under an older key stay usable as long as that key remains in the ring, which is
 * how keys rotate.
 *
 * <p>Each key's material is expanded with HKDF-SHA-256 (RFC 5869) into one 32-byte subkey per
 * {@link KeyPurpose}, so a configured key is never used directly, nor by two algorithms. All subkeys are
 * derived once here; the per-value paths only look them up.
 */
public final class KeyRing
{
    static final int SUBKEY_BYTES = 32;

    private final ImmutableMap<String, MaskingKey> keys;
    private final MaskingKey current;
    private final ImmutableMap<KeyPurpose, ImmutableMap<String, byte[]>> subkeys;

    public KeyRing(List<MaskingKey> keys, String currentKeyId)
    {
        requireNonNull(keys, "keys is null");
        requireNonNull(currentKeyId, "currentKeyId is null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no masking keys configured");
        }
        Map<String, MaskingKey> byId = new LinkedHashMap<>();
        for (MaskingKey key : keys) {
            requireNonNull(key, "keys contains null");
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException(format("masking key id '%s' is configured more than once", key.id()));
            }
        }
        this.keys = ImmutableMap.copyOf(byId);
        MaskingKey current = byId.get(currentKeyId);
        if (current == null) {
            throw new IllegalArgumentException(format("current masking key id %s is not among the configured keys %s", MaskingKey.describeId(currentKeyId), byId.keySet()));
        }
        this.current = current;

        Map<KeyPurpose, ImmutableMap<String, byte[]>> subkeys = new EnumMap<>(KeyPurpose.class);
        for (KeyPurpose purpose : KeyPurpose.values()) {
            ImmutableMap.Builder<String, byte[]> derived = ImmutableMap.builder();
            for (MaskingKey key : this.keys.values()) {
                byte[] material = key.material();
                derived.put(key.id(), derive(material, purpose));
                Arrays.fill(material, (byte) 0);
            }
            subkeys.put(purpose, derived.buildOrThrow());
        }
        this.subkeys = ImmutableMap.copyOf(subkeys);
    }

    /**
     * Parses a comma-separated list of {@code id:base64} (or {@code id:hex:<hex digits>}) entries, as in
     * {@code k1:AAEC...,k2:hex:0f1e...}. Whitespace around entries is ignored, as are empty entries (a
     * trailing comma).
     */
    public static KeyRing parse(String keysProperty, String currentKeyId)
    {
        requireNonNull(keysProperty, "keysProperty is null");
        requireNonNull(currentKeyId, "currentKeyId is null");
        List<MaskingKey> keys = new ArrayList<>();
        String[] entries = keysProperty.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isBlank()) {
                continue;
            }
            try {
                keys.add(MaskingKey.parse(entries[i]));
            }
            catch (IllegalArgumentException e) {
                // MaskingKey messages never contain material, so they can be wrapped as they are
                throw new IllegalArgumentException(format("masking key entry %s of %s: %s", i + 1, entries.length, e.getMessage()));
            }
        }
        return new KeyRing(keys, currentKeyId.strip());
    }

    public MaskingKey current()
    {
        return current;
    }

    public Optional<MaskingKey> find(String id)
    {
        requireNonNull(id, "id is null");
        return Optional.ofNullable(keys.get(id));
    }

    /** The configured key ids, in configuration order. */
    public List<String> keyIds()
    {
        return ImmutableList.copyOf(keys.keySet());
    }

    /** Copies of the subkeys for one purpose, by key id. Callers build their own immutable state from them. */
    Map<String, byte[]> subkeys(KeyPurpose purpose)
    {
        ImmutableMap.Builder<String, byte[]> copies = ImmutableMap.builder();
        subkeys.get(purpose).forEach((id, subkey) -> copies.put(id, subkey.clone()));
        return copies.buildOrThrow();
    }

    @Override
    public String toString()
    {
        return "KeyRing[current=" + current.id() + ", keys=" + keys.keySet() + "]";
    }

    /**
     * HKDF-SHA-256 without salt (RFC 5869 section 3.1: the input is already a uniformly random key, so the
     * extract step needs no salt); the info string alone separates the purposes.
     */
    static byte[] derive(byte[] material, KeyPurpose purpose)
    {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(material, null, purpose.infoBytes()));
        byte[] subkey = new byte[SUBKEY_BYTES];
        hkdf.generateBytes(subkey, 0, subkey.length);
        return subkey;
    }
}
