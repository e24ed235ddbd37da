package dev.floe.masking.crypto;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.floe.masking.crypto.TestKeys.base64;
import static dev.floe.masking.crypto.TestKeys.key;
import static dev.floe.masking.crypto.TestKeys.material;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestKeyRing
{
    @Test
    void parsesCommaSeparatedEntries()
    {
        KeyRing ring = KeyRing.parse(" k1:" + base64(1, 16) + " ,\n k2 : hex:" + "ab".repeat(32) + ", k3:" + base64(3, 24) + ",", "k2");

        assertThat(ring.keyIds()).containsExactly("k1", "k2", "k3");
        assertThat(ring.current().id()).isEqualTo("k2");
        assertThat(ring.current().material()).hasSize(32).containsOnly((byte) 0xab);
        assertThat(ring.find("k1")).get().extracting(MaskingKey::material).isEqualTo(material(1, 16));
        assertThat(ring.find("k3").orElseThrow().material()).hasSize(24);
        assertThat(ring.find("k4")).isEmpty();
        assertThat(ring.find("K1")).isEmpty();
    }

    @Test
    void rejectsDuplicateIdsUnknownCurrentAndEmptyRings()
    {
        assertThatThrownBy(() -> new KeyRing(List.of(key("k1", 1), key("k1", 2)), "k1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("masking key id 'k1' is configured more than once");
        assertThatThrownBy(() -> new KeyRing(List.of(key("k1", 1), key("k2", 2)), "k3"))
                .hasMessage("current masking key id 'k3' is not among the configured keys [k1, k2]");
        assertThatThrownBy(() -> new KeyRing(List.of(), "k1"))
                .hasMessage("no masking keys configured");
        assertThatThrownBy(() -> KeyRing.parse("", "k1"))
                .hasMessage("no masking keys configured");
        assertThatThrownBy(() -> KeyRing.parse(" , ", "k1"))
                .hasMessage("no masking keys configured");
    }

    @Test
    void parseErrorsNameTheEntryButNeverTheMaterial()
    {
        String good = base64(1, 32);
        String shortKey = base64(2, 20);
        assertThatThrownBy(() -> KeyRing.parse("k1:" + good + ",k2:" + shortKey, "k1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("masking key entry 2 of 2: masking key 'k2' is 20 bytes; expected 16, 24 or 32")
                .message().doesNotContain(good).doesNotContain(shortKey);
        assertThatThrownBy(() -> KeyRing.parse("k1:" + good + "," + good, "k1"))
                .hasMessageStartingWith("masking key entry 2 of 2: masking key entry has no ':'")
                .message().doesNotContain(good);
        assertThatThrownBy(() -> KeyRing.parse("k1:" + good + ",k1:" + good, "k1"))
                .hasMessage("masking key id 'k1' is configured more than once")
                .message().doesNotContain(good);
        assertThatThrownBy(() -> KeyRing.parse("k1:" + good, good))
                .hasMessage("current masking key id (not a valid key id) is not among the configured keys [k1]");
    }

    @Test
    void toStringShowsOnlyIds()
    {
        String material = base64(5, 32);
        KeyRing ring = KeyRing.parse("k1:" + material, "k1");
        assertThat(ring.toString()).isEqualTo("KeyRing[current=k1, keys=[k1]]").doesNotContain(material);
    }

    @Test
    void derivesIndependentSubkeysPerPurposeAndKey()
    {
        KeyRing ring = new KeyRing(List.of(key("k1", 1), key("k2", 2)), "k1");
        byte[] material = key("k1", 1).material();

        Map<String, byte[]> hash = ring.subkeys(KeyPurpose.MASK_HASH);
        Map<String, byte[]> token = ring.subkeys(KeyPurpose.TOKENIZE);
        Map<String, byte[]> fpe = ring.subkeys(KeyPurpose.FPE);
        assertThat(hash.keySet()).containsExactly("k1", "k2");

        assertThat(List.of(hash.get("k1"), token.get("k1"), fpe.get("k1"), hash.get("k2"), token.get("k2"), fpe.get("k2"), material))
                .allSatisfy(subkey -> assertThat(subkey).hasSize(32))
                .extracting(HexFormat.of()::formatHex)
                .doesNotHaveDuplicates();

        // derivation is a pure function of the material: another ring gives the same subkeys
        KeyRing again = new KeyRing(List.of(key("k1", 1)), "k1");
        assertThat(again.subkeys(KeyPurpose.TOKENIZE).get("k1")).isEqualTo(token.get("k1"));
        // callers get copies
        ring.subkeys(KeyPurpose.FPE).get("k1")[0] ^= 1;
        assertThat(ring.subkeys(KeyPurpose.FPE).get("k1")).isEqualTo(fpe.get("k1"));
    }

    @Test
    void derivationIsRfc5869HkdfSha256WithoutSalt()
            throws Exception
    {
        // HKDF written out with the JDK's HMAC, independently of BouncyCastle: with L = 32 there is one block
        byte[] material = material(9, 24);
        for (KeyPurpose purpose : KeyPurpose.values()) {
            byte[] prk = hmac(new byte[32], material);
            byte[] info = purpose.info().getBytes(US_ASCII);
            byte[] block = new byte[info.length + 1];
            System.arraycopy(info, 0, block, 0, info.length);
            block[info.length] = 1;
            assertThat(KeyRing.derive(material, purpose)).isEqualTo(hmac(prk, block));
        }
        assertThat(KeyPurpose.MASK_HASH.info()).isEqualTo("floe/mask_hash/v1");
        assertThat(KeyPurpose.TOKENIZE.info()).isEqualTo("floe/tokenize/v1");
        assertThat(KeyPurpose.FPE.info()).isEqualTo("floe/fpe/v1");
    }

    private static byte[] hmac(byte[] key, byte[] data)
            throws Exception
    {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
