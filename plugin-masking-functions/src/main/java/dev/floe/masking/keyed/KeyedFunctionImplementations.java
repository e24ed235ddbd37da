package dev.floe.masking.keyed;

import com.google.inject.Inject;
import dev.floe.masking.crypto.FormatPreservingCipher;
import dev.floe.masking.crypto.KeyRing;
import dev.floe.masking.crypto.KeyedHasher;
import dev.floe.masking.crypto.MaskingKey;
import dev.floe.masking.crypto.Tokenizer;
import dev.floe.masking.redact.Redaction;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The per-value code behind the keyed SQL functions. Arguments are never null (the engine handles NULL),
 * and nothing here throws on data: a value outside a function's domain, or an unknown key id, degrades to
 * full redaction (or to NULL for the decrypting functions), because a mask that fails breaks every query on
 * its table and its error text could reveal data.
 */
public final class KeyedFunctionImplementations
{
    private static final int HEX_DIGEST_LENGTH = 64;

    private final KeyRing keyRing;
    private final KeyedHasher hasher;
    private final Tokenizer tokenizer;
    private final FormatPreservingCipher cipher;

    @Inject
    public KeyedFunctionImplementations(KeyRing keyRing, KeyedHasher hasher, Tokenizer tokenizer, FormatPreservingCipher cipher)
    {
        this.keyRing = requireNonNull(keyRing, "keyRing is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
    }

    public Slice hashText(int maxLength, Slice value)
    {
        return hexDigest(keyRing.current().id(), value, maxLength);
    }

    public Slice hashTextWithKey(int maxLength, Slice value, Slice keyId)
    {
        return knownKey(keyId)
                .map(id -> hexDigest(id, value, maxLength))
                .orElseGet(() -> Redaction.mask(value));
    }

    public long hashBigint(long value)
    {
        return hasher.hashToLong(keyRing.current().id(), value);
    }

    public long hashInteger(long value)
    {
        return (int) hasher.hashToLong(keyRing.current().id(), value);
    }

    public Slice hashBinary(Slice value)
    {
        return Slices.wrappedBuffer(hasher.hmac(keyRing.current().id(), value));
    }

    public Slice tokenize(Slice value)
    {
        return tokenizer.tokenize(value);
    }

    public Slice tokenizeWithKey(Slice value, Slice keyId)
    {
        return knownKey(keyId)
                .map(id -> tokenizer.tokenize(id, value))
                .orElseGet(() -> Redaction.mask(value));
    }

    public Slice detokenize(Slice token)
    {
        return tokenizer.detokenize(token).orElse(null);
    }

    public Slice fpeEncrypt(Slice value)
    {
        return cipher.encrypt(value).orElseGet(() -> Redaction.mask(value));
    }

    public Slice fpeEncryptWithKey(Slice value, Slice keyId)
    {
        return knownKey(keyId)
                .flatMap(id -> cipher.encrypt(id, value))
                .orElseGet(() -> Redaction.mask(value));
    }

    public Slice fpeDecrypt(Slice value)
    {
        return cipher.decrypt(value).orElse(null);
    }

    public Slice fpeDecryptWithKey(Slice value, Slice keyId)
    {
        return knownKey(keyId)
                .flatMap(id -> cipher.decrypt(id, value))
                .orElse(null);
    }

    /** The digest cut to the column length, so it fits varchar(x) and char(x) (empty for a zero-length type). */
    private Slice hexDigest(String keyId, Slice value, int maxLength)
    {
        if (maxLength < 1) {
            return Slices.EMPTY_SLICE;
        }
        return hasher.hexDigest(keyId, value, Math.min(maxLength, HEX_DIGEST_LENGTH));
    }

    private Optional<String> knownKey(Slice keyId)
    {
        return keyRing.find(keyId.toStringUtf8()).map(key -> key.id());
    }
}
