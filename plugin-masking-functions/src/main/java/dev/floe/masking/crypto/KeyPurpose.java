package dev.floe.masking.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * What a derived subkey is for. The HKDF info string differs per purpose, so the subkeys of one
 * configured key are independent: a weakness or a leak in one algorithm's use does not carry over to
 * another. The version suffix lets a future format change derive fresh keys.
 */
enum KeyPurpose
{
    MASK_HASH("floe/mask_hash/v1"),
    TOKENIZE("floe/tokenize/v1"),
    FPE("floe/fpe/v1");

    private final String info;

    KeyPurpose(String info)
    {
        this.info = info;
    }

    String info()
    {
        return info;
    }

    byte[] infoBytes()
    {
        return info.getBytes(US_ASCII);
    }
}
