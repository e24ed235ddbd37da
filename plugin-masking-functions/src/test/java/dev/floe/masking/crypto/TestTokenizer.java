package dev.floe.masking.crypto;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.floe.masking.crypto.TestKeys.key;
import static dev.floe.masking.crypto.TestKeys.ring;
import static io.airlift.slice.Slices.utf8Slice;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTokenizer
{
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8452 appendix C.1 and C.2 vectors, through the BouncyCastle calls the tokenizer makes. */
    @ParameterizedTest(name = "RFC 8452 {0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            C.1 #1  | 01000000000000000000000000000000                                 | none | none             | dc20e2d83f25705bb49e439eca56de25
            C.1 #2  | 01000000000000000000000000000000                                 | none | 0100000000000000 | b5d839330ac7b786578782fff6013b815b287c22493a364c
            C.1 AAD | 01000000000000000000000000000000                                 | 01   | 0200000000000000 | 1e6daba35669f4273b0a1a2560969cdf790d99759abd1508
            C.2 #1  | 0100000000000000000000000000000000000000000000000000000000000000 | none | none             | 07f5f4169bbf55a8400cd47ea6fd400f
            C.2 #2  | 0100000000000000000000000000000000000000000000000000000000000000 | none | 0100000000000000 | c2ef328e5c71c83b843122130f7364b761e0b97427e3df28
            """)
    void rfc8452(String name, String keyHex, String aadHex, String plaintextHex, String resultHex)
            throws Exception
    {
        byte[] key = HEX.parseHex(keyHex);
        byte[] nonce = HEX.parseHex("030000000000000000000000");
        byte[] aad = aadHex == null ? new byte[0] : HEX.parseHex(aadHex);
        byte[] plaintext = plaintextHex == null ? new byte[0] : HEX.parseHex(plaintextHex);

        assertThat(HEX.formatHex(gcmSiv(true, key, nonce, aad, plaintext))).isEqualTo(resultHex);
        assertThat(gcmSiv(false, key, nonce, aad, HEX.parseHex(resultHex))).isEqualTo(plaintext);
    }

    @Test
    void tokenIsKeyIdAndUnpaddedBase64UrlOfGcmSivUnderTheTokenizeSubkey()
            throws Exception
    {
        KeyRing ring = ring("k2", "k1", "k2");
        Tokenizer tokenizer = new Tokenizer(ring);
        Slice value = utf8Slice("Bob Smith");

        String token = tokenizer.tokenize(value).toStringUtf8();
        byte[] sealed = gcmSiv(true, ring.subkeys(KeyPurpose.TOKENIZE).get("k2"), new byte[12], "k2".getBytes(US_ASCII), value.getBytes());
        assertThat(token)
                .isEqualTo("k2:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed))
                .matches("k2:[A-Za-z0-9_-]+");
        assertThat(sealed).hasSize(value.length() + 16);
        assertThat(tokenizer.currentKeyId()).isEqualTo("k2");
    }

    @Test
    void roundTrips()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        Random random = new Random(1);
        List<Slice> values = new ArrayList<>(List.of(
                utf8Slice(""),
                utf8Slice("a"),
                utf8Slice("alice@example.com"),
                utf8Slice("Zoë Ångström – 東京 🙂"),
                utf8Slice("x".repeat(10_000))));
        for (int i = 0; i < 200; i++) {
            values.add(Slices.random(random.nextInt(100), random)); // arbitrary bytes: varbinary or invalid UTF-8
        }
        for (Slice value : values) {
            Slice token = tokenizer.tokenize(value);
            assertThat(token.toStringUtf8()).startsWith("k1:").doesNotContain("=");
            assertThat(tokenizer.detokenize(token)).contains(value);
        }
    }

    @Test
    void isDeterministic()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1", "k2"));
        Slice value = utf8Slice("4111-1111-1111-1111");
        assertThat(tokenizer.tokenize(value)).isEqualTo(tokenizer.tokenize(utf8Slice("4111-1111-1111-1111")));
        assertThat(new Tokenizer(ring("k1", "k1", "k2")).tokenize(value)).isEqualTo(tokenizer.tokenize(value));
        assertThat(tokenizer.tokenize("k2", value)).isNotEqualTo(tokenizer.tokenize("k1", value));

        Set<Slice> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(tokenizer.tokenize(utf8Slice("user-" + i)));
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void oldTokensSurviveRotation()
    {
        MaskingKey k1 = key("k1", 1);
        MaskingKey k2 = key("k2", 2);
        Slice value = utf8Slice("123-45-6789");
        Slice oldToken = new Tokenizer(new KeyRing(List.of(k1), "k1")).tokenize(value);

        Tokenizer rotated = new Tokenizer(new KeyRing(List.of(k1, k2), "k2"));
        assertThat(rotated.detokenize(oldToken)).contains(value);
        Slice newToken = rotated.tokenize(value);
        assertThat(newToken.toStringUtf8()).startsWith("k2:");
        assertThat(rotated.detokenize(newToken)).contains(value);
        assertThat(rotated.tokenize("k1", value)).isEqualTo(oldToken);

        // once the old key is retired, its tokens no longer resolve
        Tokenizer retired = new Tokenizer(new KeyRing(List.of(k2), "k2"));
        assertThat(retired.detokenize(oldToken)).isEmpty();
        assertThat(retired.detokenize(newToken)).contains(value);
    }

    @Test
    void rejectsTamperedTokens()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        String token = tokenizer.tokenize(utf8Slice("secret value")).toStringUtf8();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = "k1:".length(); i < token.length(); i++) {
            for (char replacement : new char[] {'A', 'f', '_', '9'}) {
                if (token.charAt(i) != replacement) {
                    String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
                    assertThat(tokenizer.detokenize(utf8Slice(tampered))).as(tampered).isEmpty();
                }
            }
            // also the neighbouring letter, which flips only the low bits (including unused trailing bits)
            char next = alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 1) % 64);
            String tampered = token.substring(0, i) + next + token.substring(i + 1);
            assertThat(tokenizer.detokenize(utf8Slice(tampered))).as(tampered).isEmpty();
        }
    }

    @Test
    void rejectsTruncatedAndExtendedTokens()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        String token = tokenizer.tokenize(utf8Slice("secret value")).toStringUtf8();
        for (int length = 0; length < token.length(); length++) {
            assertThat(tokenizer.detokenize(utf8Slice(token.substring(0, length)))).isEmpty();
        }
        assertThat(tokenizer.detokenize(utf8Slice(token + "A"))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(token + "AAAA"))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(token + "="))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(token + " "))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(" " + token))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(token.substring(3)))).isEmpty();
        assertThat(tokenizer.detokenize(utf8Slice(token))).contains(utf8Slice("secret value"));
    }

    @Test
    void rejectsGarbage()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        String padded = Base64.getUrlEncoder().encodeToString(tokenizer.tokenize(utf8Slice("ab")).getBytes());
        for (String garbage : List.of("", ":", "k1", "k1:", "k1:A", "k1:AAAA", "k1:!!!!!!!!!!!!!!!!!!!!!!!!!!", "k1:" + "A".repeat(22),
                "k1:" + "A".repeat(40) + "==", "k1::" + "A".repeat(30), "k1:" + "+/+/".repeat(8), "x".repeat(40) + ":AAAA",
                "k\u00e9:" + "A".repeat(30), "k1:" + padded, "\u0000:\u0000", "k1 :" + "A".repeat(30))) {
            assertThat(tokenizer.detokenize(utf8Slice(garbage))).as(garbage).isEmpty();
        }
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            Slice noise = Slices.random(random.nextInt(64), random);
            assertThat(tokenizer.detokenize(noise)).isEmpty();
            assertThat(tokenizer.detokenize(Slices.wrappedBuffer(concat("k1:".getBytes(US_ASCII), noise.getBytes())))).isEmpty();
        }
    }

    @Test
    void bindsTheKeyIdToTheCiphertext()
    {
        // same material under two ids: a token relabelled from one id to the other must still fail
        byte[] material = TestKeys.material(5, 32);
        Tokenizer tokenizer = new Tokenizer(new KeyRing(List.of(new MaskingKey("a", material), new MaskingKey("b", material)), "a"));
        String token = tokenizer.tokenize(utf8Slice("value")).toStringUtf8();
        assertThat(tokenizer.detokenize(utf8Slice(token))).contains(utf8Slice("value"));
        assertThat(tokenizer.detokenize(utf8Slice("b" + token.substring(1)))).isEmpty();
    }

    @Test
    void unknownKeysAndForeignMaterial()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        Slice token = tokenizer.tokenize(utf8Slice("value"));
        Slice relabelled = utf8Slice("k9" + token.toStringUtf8().substring(2));
        assertThat(tokenizer.detokenize(relabelled)).isEmpty();

        // another deployment's k1 (different material, same id)
        Tokenizer foreign = new Tokenizer(new KeyRing(List.of(key("k1", 77)), "k1"));
        assertThat(foreign.detokenize(token)).isEmpty();

        assertThatThrownBy(() -> tokenizer.tokenize("k9", utf8Slice("value")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown masking key id 'k9'");
    }

    @Test
    void usesOnlyTheSlicesBytes()
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1"));
        byte[] buffer = "..".getBytes(US_ASCII);
        Slice token = tokenizer.tokenize(Slices.wrappedBuffer("xxhelloyy".getBytes(US_ASCII), 2, 5));
        assertThat(token).isEqualTo(tokenizer.tokenize(utf8Slice("hello")));
        byte[] framed = concat(concat(buffer, token.getBytes()), "..".getBytes(US_ASCII));
        Slice inner = Slices.wrappedBuffer(framed, 2, token.length());
        assertThat(tokenizer.detokenize(inner)).contains(utf8Slice("hello"));
    }

    @Test
    void isThreadSafe()
            throws Exception
    {
        Tokenizer tokenizer = new Tokenizer(ring("k1", "k1", "k2"));
        List<Slice> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(tokenizer.tokenize(i % 2 == 0 ? "k1" : "k2", utf8Slice("value " + i)));
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        Slice token = tokenizer.tokenize(i % 2 == 0 ? "k1" : "k2", utf8Slice("value " + i));
                        assertThat(token).isEqualTo(expected.get(i));
                        assertThat(tokenizer.detokenize(token)).contains(utf8Slice("value " + i));
                        assertThat(tokenizer.detokenize(utf8Slice(token.toStringUtf8() + "A"))).isEmpty();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    static byte[] gcmSiv(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws Exception
    {
        GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] output = new byte[cipher.getOutputSize(input.length)];
        int written = cipher.processBytes(input, 0, input.length, output, 0);
        written += cipher.doFinal(output, written);
        assertThat(written).isEqualTo(output.length);
        return output;
    }

    private static byte[] concat(byte[] first, byte[] second)
    {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
