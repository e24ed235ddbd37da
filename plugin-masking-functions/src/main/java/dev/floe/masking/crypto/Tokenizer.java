package dev.floe.masking.crypto;

import com.google.common.collect.ImmutableMap;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

/**
 * Deterministic, reversible tokens for {@code tokenize}/{@code detokenize}: AES-256-GCM-SIV (RFC 8452)
 * under the key's {@link KeyPurpose#TOKENIZE} subkey, rendered as
 * {@code <keyId>:<base64url(ciphertext || tag), unpadded>}.
 *
 * <p><b>Why a fixed nonce.</b> Tokens must be deterministic (equal values give equal tokens) so that
 * tokenized columns still join and group. GCM-SIV is built for this: it derives its IV from the
 * plaintext, so repeating the nonce reveals only whether two plaintexts are equal, which determinism
 * reveals anyway; ordinary GCM with a repeated nonce would leak the XOR of plaintexts and its
 * authentication key. The nonce is therefore all zeros.
 *
 * <p>The key id is authenticated as associated data, so rewriting the prefix of a token to another key
 * id fails authentication instead of decrypting under the wrong key. The tag makes tampering detectable:
 * {@link #detokenize(Slice)} returns empty for anything it did not produce.
 *
 * <p>Tokens grow with the value: 16 bytes of tag plus a third for base64, plus the key id.
 * The key id in the token is what makes rotation work: after the current key changes, older tokens
 * still name the key that made them.
 *
 * <p>Build one instance per key ring and share it: it keeps one cipher object per thread that uses it.
 */
public final class Tokenizer
{
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final byte SEPARATOR = ':';

    private final String currentKeyId;
    private final Map<String, TokenKey> keys;
    // a GCMSIVBlockCipher is not thread-safe; re-initialising one per thread is about 3x faster than
    // building a new one (and its GHASH tables) per value. Per instance, so it dies with the instance.
    private final ThreadLocal<GCMSIVBlockCipher> ciphers = ThreadLocal.withInitial(() -> new GCMSIVBlockCipher(AESEngine.newInstance()));

    public Tokenizer(KeyRing keyRing)
    {
        requireNonNull(keyRing, "keyRing is null");
        this.currentKeyId = keyRing.current().id();
        ImmutableMap.Builder<String, TokenKey> keys = ImmutableMap.builder();
        keyRing.subkeys(KeyPurpose.TOKENIZE).forEach((id, subkey) -> keys.put(id, new TokenKey(id, subkey)));
        this.keys = keys.buildOrThrow();
    }

    /** Tokenizes under the current key. */
    public Slice tokenize(Slice value)
    {
        return tokenize(currentKeyId, value);
    }

    /**
     * Tokenizes under the given key. Any bytes are accepted (varchar or varbinary).
     *
     * @throws IllegalArgumentException if the key id is not configured (a query error, not a data error)
     */
    public Slice tokenize(String keyId, Slice value)
    {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(value, "value is null");
        TokenKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException(format("unknown masking key id %s", MaskingKey.describeId(keyId)));
        }
        GCMSIVBlockCipher cipher = ciphers.get();
        cipher.init(true, key.parameters());
        byte[] sealed = new byte[cipher.getOutputSize(value.length())];
        try {
            int written = cipher.processBytes(value.byteArray(), value.byteArrayOffset(), value.length(), sealed, 0);
            cipher.doFinal(sealed, written);
        }
        catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM-SIV encryption failed", e); // only decryption can fail authentication
        }
        byte[] body = Base64.getUrlEncoder().withoutPadding().encode(sealed);
        byte[] prefix = key.prefix();
        byte[] token = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, token, prefix.length, body.length);
        return Slices.wrappedBuffer(token);
    }

    /**
     * Recovers the value from a token made by {@link #tokenize}, under whichever configured key the token
     * names. Returns empty, and never throws, for a malformed token, an unknown key id, or a token that
     * fails authentication (altered, truncated, or made with other key material).
     */
    public Optional<Slice> detokenize(Slice token)
    {
        requireNonNull(token, "token is null");
        byte[] bytes = token.byteArray();
        int offset = token.byteArrayOffset();
        int length = token.length();

        int colon = -1;
        for (int i = 0; i < Math.min(length, MaskingKey.MAX_ID_LENGTH + 1); i++) {
            byte b = bytes[offset + i];
            if (b == SEPARATOR) {
                colon = i;
                break;
            }
            if (!MaskingKey.isIdChar(b)) {
                return Optional.empty();
            }
        }
        if (colon < 1) {
            return Optional.empty();
        }
        TokenKey key = keys.get(new String(bytes, offset, colon, US_ASCII));
        if (key == null) {
            return Optional.empty();
        }

        byte[] body = Arrays.copyOfRange(bytes, offset + colon + 1, offset + length);
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(body);
        }
        catch (IllegalArgumentException _) {
            return Optional.empty();
        }
        // one value has one token: refuse padding and non-zero trailing bits, which the decoder tolerates
        if (sealed.length < TAG_BYTES || !Arrays.equals(body, Base64.getUrlEncoder().withoutPadding().encode(sealed))) {
            return Optional.empty();
        }

        GCMSIVBlockCipher cipher = ciphers.get();
        cipher.init(false, key.parameters());
        byte[] plain = new byte[cipher.getOutputSize(sealed.length)];
        try {
            int written = cipher.processBytes(sealed, 0, sealed.length, plain, 0);
            written += cipher.doFinal(plain, written);
            return Optional.of(Slices.wrappedBuffer(plain, 0, written));
        }
        catch (InvalidCipherTextException | DataLengthException _) {
            return Optional.empty();
        }
    }

    public String currentKeyId()
    {
        return currentKeyId;
    }

    @Override
    public String toString()
    {
        return "Tokenizer[current=" + currentKeyId + ", keys=" + keys.keySet() + "]";
    }

    /** A key's GCM-SIV parameters (subkey, zero nonce, key id as associated data) and its token prefix. */
    private record TokenKey(AEADParameters parameters, byte[] prefix)
    {
        TokenKey(String id, byte[] subkey)
        {
            // BouncyCastle only reads these arrays, so one instance can serve all threads
            this(new AEADParameters(new KeyParameter(subkey), TAG_BITS, new byte[NONCE_BYTES], id.getBytes(US_ASCII)),
                    (id + (char) SEPARATOR).getBytes(US_ASCII));
        }
    }
}
