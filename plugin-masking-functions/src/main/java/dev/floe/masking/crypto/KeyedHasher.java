package dev.floe.masking.crypto;

import com.google.common.collect.ImmutableMap;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.security.GeneralSecurityException;
import java.util.Map;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Keyed hashing for {@code mask_hash}: HMAC-SHA-256 under the key's {@link KeyPurpose#MASK_HASH} subkey.
 * Equal inputs give equal hashes (joins and group-bys keep working), but without the key nobody can
 * confirm a guessed value the way they could against a plain SHA-256, which matters for low-entropy
 * columns such as phone numbers.
 *
 * <p>Looking up a {@link Mac} provider and expanding the key costs far more than hashing a short value, and
 * even cloning an initialized {@link Mac} costs about as much as the hash, so each thread keeps one
 * initialized {@link Mac} per key; {@link Mac#doFinal()} resets it for the next value.
 */
public final class KeyedHasher
{
    static final String ALGORITHM = "HmacSHA256";
    public static final int DIGEST_BYTES = 32;
    public static final int DIGEST_HEX_CHARS = 2 * DIGEST_BYTES;

    private static final String HEX_DIGITS = "0123456789abcdef";

    private final String currentKeyId;
    private final Map<String, ThreadMacs> macsByKey;

    public KeyedHasher(KeyRing keyRing)
    {
        this(requireNonNull(keyRing, "keyRing is null").subkeys(KeyPurpose.MASK_HASH), keyRing.current().id());
    }

    /** Uses the given HMAC keys as they are, without derivation; for known-answer tests of the HMAC itself. */
    KeyedHasher(Map<String, byte[]> hmacKeys, String currentKeyId)
    {
        requireNonNull(hmacKeys, "hmacKeys is null");
        this.currentKeyId = requireNonNull(currentKeyId, "currentKeyId is null");
        ImmutableMap.Builder<String, ThreadMacs> macsByKey = ImmutableMap.builder();
        hmacKeys.forEach((id, key) -> macsByKey.put(id, new ThreadMacs(new SecretKeySpec(key, ALGORITHM))));
        this.macsByKey = macsByKey.buildOrThrow();
        if (!this.macsByKey.containsKey(currentKeyId)) {
            throw new IllegalArgumentException(format("current masking key id %s has no HMAC key", MaskingKey.describeId(currentKeyId)));
        }
    }

    /** The 32-byte HMAC of {@code value} under the current key. */
    public byte[] hmac(Slice value)
    {
        return hmac(currentKeyId, value);
    }

    /**
     * The 32-byte HMAC of {@code value} under the given key.
     *
     * @throws IllegalArgumentException if the key id is not configured (a query error, not a data error)
     */
    public byte[] hmac(String keyId, Slice value)
    {
        requireNonNull(value, "value is null");
        Mac mac = threadMac(keyId);
        mac.update(value.byteArray(), value.byteArrayOffset(), value.length());
        return mac.doFinal();
    }

    /** {@link #hexDigest(String, Slice, int)} under the current key. */
    public Slice hexDigest(Slice value, int maxChars)
    {
        return hexDigest(currentKeyId, value, maxChars);
    }

    /**
     * The HMAC as lower-case hex, cut to its first {@code maxChars} characters ({@code maxChars >= 64}
     * gives all 64). Shorter digests collide sooner: 16 characters (64 bits) reach a 50% chance of some
     * collision around five billion distinct values.
     *
     * @throws IllegalArgumentException if {@code maxChars < 1} or the key id is not configured
     */
    public Slice hexDigest(String keyId, Slice value, int maxChars)
    {
        if (maxChars < 1) {
            throw new IllegalArgumentException(format("hash length must be at least 1 character, was %s", maxChars));
        }
        byte[] digest = hmac(keyId, value);
        int length = Math.min(maxChars, DIGEST_HEX_CHARS);
        byte[] hex = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = digest[i >> 1];
            hex[i] = (byte) HEX_DIGITS.charAt((i & 1) == 0 ? (b >> 4) & 0xF : b & 0xF);
        }
        return Slices.wrappedBuffer(hex);
    }

    /** {@link #hashToLong(String, long)} under the current key. */
    public long hashToLong(long value)
    {
        return hashToLong(currentKeyId, value);
    }

    /**
     * Hashes a {@code bigint}: the HMAC of its 8 big-endian bytes, whose first 8 bytes are read as a
     * big-endian long. Lets a bigint column be masked without changing its type.
     *
     * @throws IllegalArgumentException if the key id is not configured
     */
    public long hashToLong(String keyId, long value)
    {
        Mac mac = threadMac(keyId);
        for (int shift = 56; shift >= 0; shift -= 8) {
            mac.update((byte) (value >>> shift));
        }
        byte[] digest = mac.doFinal();
        long result = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            result = (result << 8) | (digest[i] & 0xFF);
        }
        return result;
    }

    public String currentKeyId()
    {
        return currentKeyId;
    }

    @Override
    public String toString()
    {
        return "KeyedHasher[current=" + currentKeyId + ", keys=" + macsByKey.keySet() + "]";
    }

    private Mac threadMac(String keyId)
    {
        requireNonNull(keyId, "keyId is null");
        ThreadMacs macs = macsByKey.get(keyId);
        if (macs == null) {
            throw new IllegalArgumentException(format("unknown masking key id %s", MaskingKey.describeId(keyId)));
        }
        return macs.threadMac();
    }

    private static final class ThreadMacs
    {
        private final ThreadLocal<Mac> macs;

        ThreadMacs(SecretKeySpec key)
        {
            createMac(key); // fail at configuration time, not on the first value
            this.macs = ThreadLocal.withInitial(() -> createMac(key));
        }

        Mac threadMac()
        {
            return macs.get();
        }

        private static Mac createMac(SecretKeySpec key)
        {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is not available", e);
            }
        }
    }
}
