package dev.floe.masking.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * One configured secret key: an id (written into tokens, so keys can rotate) and 16, 24 or 32 bytes of
 * material. The material is never used directly: {@link KeyRing} derives one subkey per algorithm from it.
 *
 * <p>The array is copied in and out, so an instance cannot be changed after construction.
 * {@link #toString()} prints the id only, and no exception message names the material.
 */
public record MaskingKey(String id, byte[] material)
{
    static final int MAX_ID_LENGTH = 32;
    private static final String HEX_PREFIX = "hex:";

    public MaskingKey
    {
        requireNonNull(id, "id is null");
        requireNonNull(material, "material is null");
        checkId(id);
        if (material.length != 16 && material.length != 24 && material.length != 32) {
            throw new IllegalArgumentException(format("masking key '%s' is %s bytes; expected 16, 24 or 32", id, material.length));
        }
        material = material.clone();
    }

    /**
     * Parses one {@code id:material} entry, where material is base64 (standard or url-safe alphabet,
     * padding optional) or {@code hex:} followed by hex digits. Surrounding whitespace is ignored.
     */
    public static MaskingKey parse(String spec)
    {
        requireNonNull(spec, "spec is null");
        String entry = spec.strip();
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("masking key entry is empty; expected id:base64 or id:hex:<hex digits>");
        }
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("masking key entry has no ':'; expected id:base64 or id:hex:<hex digits>");
        }
        String id = entry.substring(0, colon).strip();
        checkId(id);
        byte[] material = decodeMaterial(id, entry.substring(colon + 1).strip());
        try {
            return new MaskingKey(id, material);
        }
        finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** Returns a copy of the key material. */
    @Override
    public byte[] material()
    {
        return material.clone();
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof MaskingKey other
                && id.equals(other.id)
                && MessageDigest.isEqual(material, other.material);
    }

    @Override
    public int hashCode()
    {
        return id.hashCode();
    }

    @Override
    public String toString()
    {
        return "MaskingKey[id=" + id + "]";
    }

    static boolean isValidId(CharSequence id)
    {
        int length = id.length();
        if (length < 1 || length > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isIdChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdChar(int c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Describes a key id for a message: printed only when it is a well-formed id, so arbitrary input is not echoed. */
    static String describeId(String id)
    {
        return isValidId(id) ? "'" + id + "'" : "(not a valid key id)";
    }

    // an invalid id is not echoed: a mistyped entry may have the material where the id should be
    private static void checkId(String id)
    {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("masking key id is empty; expected id:base64 with an id matching [A-Za-z0-9_-]{1,32}");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(format("masking key id is %s characters long; ids match [A-Za-z0-9_-]{1,32}", id.length()));
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isIdChar(id.charAt(i))) {
                throw new IllegalArgumentException(format("masking key id has an invalid character at position %s; ids match [A-Za-z0-9_-]{1,32}", i + 1));
            }
        }
    }

    // decoder exceptions are not chained: their messages quote characters of the input
    private static byte[] decodeMaterial(String id, String encoded)
    {
        if (encoded.regionMatches(true, 0, HEX_PREFIX, 0, HEX_PREFIX.length())) {
            String hex = encoded.substring(HEX_PREFIX.length()).strip();
            if (hex.isEmpty()) {
                throw new IllegalArgumentException(format("masking key '%s' has no key material", id));
            }
            if (hex.length() % 2 != 0 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException(format("masking key '%s' is not valid hex after 'hex:' (expected an even number of digits 0-9, a-f)", id));
            }
            return HexFormat.of().parseHex(hex);
        }
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException(format("masking key '%s' has no key material", id));
        }
        boolean urlSafe = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(encoded);
        }
        catch (IllegalArgumentException _) {
            throw new IllegalArgumentException(format("masking key '%s' is not valid base64 (standard or url-safe alphabet); write hex material as %s:hex:<hex digits>", id, id));
        }
    }
}
