package dev.floe.masking.crypto;

import java.util.Arrays;
import java.util.Base64;

/** Fixed, obviously-not-secret test keys: the material is {@code seed, seed + 1, ...}. */
final class TestKeys
{
    private TestKeys() {}

    static MaskingKey key(String id, int seed)
    {
        return new MaskingKey(id, material(seed, 32));
    }

    static byte[] material(int seed, int length)
    {
        byte[] material = new byte[length];
        for (int i = 0; i < length; i++) {
            material[i] = (byte) (seed + i);
        }
        return material;
    }

    static String base64(int seed, int length)
    {
        return Base64.getEncoder().encodeToString(material(seed, length));
    }

    /** A ring of the given key ids (material seeded from the id) and the given current key. */
    static KeyRing ring(String currentId, String... ids)
    {
        MaskingKey[] keys = new MaskingKey[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = key(ids[i], seedOf(ids[i]));
        }
        return new KeyRing(Arrays.asList(keys), currentId);
    }

    static int seedOf(String id)
    {
        return Math.floorMod(id.hashCode() * 31, 256);
    }
}
