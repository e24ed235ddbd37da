package dev.floe.masking.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static dev.floe.masking.crypto.TestKeys.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestMaskingKey
{
    @Test
    void parsesStandardBase64WithAndWithoutPadding()
    {
        byte[] material = material(7, 16);
        String padded = Base64.getEncoder().encodeToString(material);
        assertThat(padded).endsWith("==");

        assertThat(MaskingKey.parse("k1:" + padded).material()).isEqualTo(material);
        assertThat(MaskingKey.parse("k1:" + padded.replace("=", "")).material()).isEqualTo(material);
        assertThat(MaskingKey.parse("k1:" + padded).id()).isEqualTo("k1");
    }

    @Test
    void parsesUrlSafeBase64()
    {
        // 0xfb 0xff makes '+' and '/' in the standard alphabet, '-' and '_' in the url-safe one
        byte[] material = new byte[24];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i % 2 == 0 ? 0xfb : 0xff);
        }
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(material);
        assertThat(urlSafe).contains("-").contains("_");
        assertThat(MaskingKey.parse("key_2024-01:" + urlSafe).material()).isEqualTo(material);
        assertThat(MaskingKey.parse("key_2024-01:" + Base64.getEncoder().encodeToString(material)).material()).isEqualTo(material);
    }

    @Test
    void parsesHexAndToleratesWhitespace()
    {
        byte[] material = material(200, 32);
        String hex = HexFormat.of().formatHex(material);
        assertThat(MaskingKey.parse("k9:hex:" + hex).material()).isEqualTo(material);
        assertThat(MaskingKey.parse("k9:HEX:" + hex.toUpperCase()).material()).isEqualTo(material);
        assertThat(MaskingKey.parse("  k9 :  hex:" + hex + "\n").material()).isEqualTo(material);
        assertThat(MaskingKey.parse("\tk9: " + Base64.getEncoder().encodeToString(material) + " ").material()).isEqualTo(material);
    }

    @Test
    void rejectsWrongLengthNamingTheIdButNotTheMaterial()
    {
        String material = TestKeys.base64(3, 20);
        assertThatThrownBy(() -> MaskingKey.parse("k1:" + material))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("masking key 'k1' is 20 bytes; expected 16, 24 or 32")
                .message().doesNotContain(material);
        assertThatThrownBy(() -> new MaskingKey("k1", new byte[31]))
                .hasMessage("masking key 'k1' is 31 bytes; expected 16, 24 or 32");
        for (int length : new int[] {16, 24, 32}) {
            assertThat(new MaskingKey("k1", new byte[length]).material()).hasSize(length);
        }
    }

    @Test
    void rejectsInvalidMaterialWithoutEchoingIt()
    {
        String notBase64 = "c2VjcmV0*c2VjcmV0c2VjcmV0c2Vj";
        assertThatThrownBy(() -> MaskingKey.parse("k1:" + notBase64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("masking key 'k1' is not valid base64")
                .hasNoCause()
                .message().doesNotContain(notBase64).doesNotContain("c2VjcmV0");

        String mixedAlphabets = "ab+d-fghijklmnopqrstuv==";
        assertThatThrownBy(() -> MaskingKey.parse("k1:" + mixedAlphabets))
                .hasMessageContaining("not valid base64")
                .message().doesNotContain(mixedAlphabets);

        String badHex = "00112233445566778899aabbccddeefg";
        assertThatThrownBy(() -> MaskingKey.parse("k1:hex:" + badHex))
                .hasMessageContaining("masking key 'k1' is not valid hex")
                .hasNoCause()
                .message().doesNotContain(badHex).doesNotContain("fg");
        assertThatThrownBy(() -> MaskingKey.parse("k1:hex:0011223"))
                .hasMessageContaining("not valid hex")
                .message().doesNotContain("0011223");
    }

    @Test
    void rejectsMalformedEntries()
    {
        String material = TestKeys.base64(9, 32);
        assertThatThrownBy(() -> MaskingKey.parse(material))
                .hasMessage("masking key entry has no ':'; expected id:base64 or id:hex:<hex digits>");
        assertThatThrownBy(() -> MaskingKey.parse("   "))
                .hasMessageContaining("masking key entry is empty");
        assertThatThrownBy(() -> MaskingKey.parse(":" + material))
                .hasMessageContaining("masking key id is empty")
                .message().doesNotContain(material);
        assertThatThrownBy(() -> MaskingKey.parse("k1:"))
                .hasMessage("masking key 'k1' has no key material");
        assertThatThrownBy(() -> MaskingKey.parse("k1:hex:"))
                .hasMessage("masking key 'k1' has no key material");
    }

    @Test
    void rejectsInvalidIdsWithoutEchoingThem()
    {
        String material = TestKeys.base64(9, 32);
        assertThatThrownBy(() -> MaskingKey.parse("my key:" + material))
                .hasMessage("masking key id has an invalid character at position 3; ids match [A-Za-z0-9_-]{1,32}");
        // a swapped entry (material:id) must not print the material as if it were an id
        String longId = TestKeys.base64(1, 48).replace("+", "A").replace("/", "B");
        assertThatThrownBy(() -> MaskingKey.parse(longId + ":k1"))
                .hasMessage("masking key id is 64 characters long; ids match [A-Za-z0-9_-]{1,32}");
        assertThatThrownBy(() -> new MaskingKey("k\u00e9y", new byte[16]))
                .hasMessageContaining("invalid character at position 2");
        assertThat(new MaskingKey("A-z_09".repeat(5) + "ab", new byte[16]).id()).hasSize(32);
    }

    @Test
    void toStringShowsOnlyTheId()
    {
        byte[] material = material(42, 32);
        MaskingKey key = new MaskingKey("k1", material);
        assertThat(key.toString())
                .isEqualTo("MaskingKey[id=k1]")
                .doesNotContain(Base64.getEncoder().encodeToString(material))
                .doesNotContain(HexFormat.of().formatHex(material));
    }

    @Test
    void copiesMaterialInAndOut()
    {
        byte[] material = material(1, 16);
        MaskingKey key = new MaskingKey("k1", material);
        material[0] ^= 1;
        assertThat(key.material()).isEqualTo(material(1, 16));
        key.material()[1] ^= 1;
        assertThat(key.material()).isEqualTo(material(1, 16));
    }

    @Test
    void equalityComparesIdAndMaterial()
    {
        assertThat(new MaskingKey("k1", material(1, 16))).isEqualTo(new MaskingKey("k1", material(1, 16)))
                .hasSameHashCodeAs(new MaskingKey("k1", material(1, 16)));
        assertThat(new MaskingKey("k1", material(1, 16))).isNotEqualTo(new MaskingKey("k1", material(2, 16)));
        assertThat(new MaskingKey("k1", material(1, 16))).isNotEqualTo(new MaskingKey("k2", material(1, 16)));
    }
}
