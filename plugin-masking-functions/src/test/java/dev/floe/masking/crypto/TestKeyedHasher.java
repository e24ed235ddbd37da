package dev.floe.masking.crypto;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.floe.masking.crypto.TestKeys.ring;
import static io.airlift.slice.Slices.utf8Slice;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestKeyedHasher
{
    private static final HexFormat HEX = HexFormat.of();

    /**
     * RFC 4231 section 4, HMAC-SHA-256, through the hasher's own HMAC path with the derivation bypassed.
     * Test case 5 is specified truncated to 128 bits, which is {@code maxChars = 32}.
     */
    @ParameterizedTest(name = "RFC 4231 test case {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b | 4869205468657265 | b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7
            2 | 4a656665 | 7768617420646f2079612077616e7420666f72206e6f7468696e673f | 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
            3 | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd | 773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe
            4 | 0102030405060708090a0b0c0d0e0f10111213141516171819 | cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd | 82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b
            5 | 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c | 546573742057697468205472756e636174696f6e | a3b6167473100ee06e0c796c2955552b
            """)
    void rfc4231(int testCase, String keyHex, String dataHex, String expectedHex)
    {
        KeyedHasher hasher = new KeyedHasher(Map.of("rfc", HEX.parseHex(keyHex)), "rfc");
        Slice data = Slices.wrappedBuffer(HEX.parseHex(dataHex));

        assertThat(hasher.hexDigest("rfc", data, expectedHex.length()).toStringUtf8()).isEqualTo(expectedHex);
        assertThat(HEX.formatHex(hasher.hmac("rfc", data))).startsWith(expectedHex);
        assertThat(HEX.formatHex(hasher.hmac(data))).startsWith(expectedHex);
    }

    @Test
    void rfc4231KeysLargerThanTheBlock()
    {
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        KeyedHasher hasher = new KeyedHasher(Map.of("rfc", key), "rfc");
        // test case 6
        assertThat(hasher.hexDigest(utf8Slice("Test Using Larger Than Block-Size Key - Hash Key First"), 64).toStringUtf8())
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        // test case 7
        String data = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";
        assertThat(hasher.hexDigest(utf8Slice(data), 64).toStringUtf8())
                .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void derivedPathIsDeterministicAndUsesTheMaskHashSubkey()
            throws Exception
    {
        KeyRing ring = ring("k1", "k1", "k2");
        KeyedHasher hasher = new KeyedHasher(ring);
        Slice value = utf8Slice("+1 555 0100");

        byte[] digest = hasher.hmac(value);
        assertThat(digest).hasSize(KeyedHasher.DIGEST_BYTES);
        assertThat(hasher.hmac("k1", value)).isEqualTo(digest);
        assertThat(new KeyedHasher(ring("k1", "k1", "k2")).hmac(value)).isEqualTo(digest);
        assertThat(digest).isEqualTo(jdkHmac(ring.subkeys(KeyPurpose.MASK_HASH).get("k1"), value.getBytes()));
        // the configured key itself and the other purposes' subkeys give other results
        assertThat(digest)
                .isNotEqualTo(jdkHmac(ring.current().material(), value.getBytes()))
                .isNotEqualTo(jdkHmac(ring.subkeys(KeyPurpose.TOKENIZE).get("k1"), value.getBytes()))
                .isNotEqualTo(jdkHmac(ring.subkeys(KeyPurpose.FPE).get("k1"), value.getBytes()));
    }

    @Test
    void keysAndValuesSeparate()
    {
        KeyedHasher hasher = new KeyedHasher(ring("k1", "k1", "k2"));
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Slice value = utf8Slice("user-" + i);
            digests.add(hasher.hexDigest("k1", value, 64).toStringUtf8());
            digests.add(hasher.hexDigest("k2", value, 64).toStringUtf8());
        }
        assertThat(digests).hasSize(2000);
        assertThat(hasher.hmac("k1", utf8Slice(""))).isNotEqualTo(hasher.hmac("k2", utf8Slice("")));
    }

    @Test
    void truncatesLowerCaseHex()
    {
        KeyedHasher hasher = new KeyedHasher(ring("k1", "k1"));
        Slice value = utf8Slice("alice@example.com");
        String full = hasher.hexDigest(value, 64).toStringUtf8();

        assertThat(full).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(HEX.formatHex(hasher.hmac(value)));
        assertThat(hasher.hexDigest(value, 1000).toStringUtf8()).isEqualTo(full);
        assertThat(hasher.hexDigest(value, Integer.MAX_VALUE).toStringUtf8()).isEqualTo(full);
        for (int maxChars : new int[] {1, 7, 16, 32, 63}) {
            assertThat(hasher.hexDigest("k1", value, maxChars).toStringUtf8()).isEqualTo(full.substring(0, maxChars));
        }
        assertThatThrownBy(() -> hasher.hexDigest(value, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hash length must be at least 1 character, was 0");
    }

    @Test
    void hashesBigintsAsTheirBigEndianBytes()
            throws Exception
    {
        KeyRing ring = ring("k2", "k1", "k2");
        KeyedHasher hasher = new KeyedHasher(ring);
        for (long value : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 4111111111111111L}) {
            byte[] bytes = ByteBuffer.allocate(8).putLong(value).array();
            long expected = ByteBuffer.wrap(jdkHmac(ring.subkeys(KeyPurpose.MASK_HASH).get("k2"), bytes)).getLong();
            assertThat(hasher.hashToLong(value)).isEqualTo(expected);
            assertThat(hasher.hashToLong("k2", value)).isEqualTo(expected);
            assertThat(hasher.hashToLong("k1", value)).isNotEqualTo(expected);
            assertThat(hasher.hashToLong(value)).isEqualTo(ByteBuffer.wrap(hasher.hmac(Slices.wrappedBuffer(bytes))).getLong());
        }
    }

    @Test
    void hashesOnlyTheSlicesBytes()
    {
        KeyedHasher hasher = new KeyedHasher(ring("k1", "k1"));
        byte[] buffer = "xxhelloyy".getBytes(US_ASCII);
        assertThat(hasher.hmac(Slices.wrappedBuffer(buffer, 2, 5))).isEqualTo(hasher.hmac(utf8Slice("hello")));
    }

    @Test
    void unknownKeyIsAQueryError()
    {
        KeyedHasher hasher = new KeyedHasher(ring("k1", "k1"));
        assertThatThrownBy(() -> hasher.hmac("k9", utf8Slice("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown masking key id 'k9'");
        assertThatThrownBy(() -> hasher.hashToLong("no such key!", 1))
                .hasMessage("unknown masking key id (not a valid key id)");
        assertThat(hasher.toString()).isEqualTo("KeyedHasher[current=k1, keys=[k1]]");
    }

    @Test
    void isThreadSafe()
            throws Exception
    {
        KeyedHasher hasher = new KeyedHasher(ring("k1", "k1", "k2"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(hasher.hexDigest(i % 2 == 0 ? "k1" : "k2", utf8Slice("value " + i), 64).toStringUtf8());
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(executor.submit(() -> {
                    List<String> digests = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        digests.add(hasher.hexDigest(i % 2 == 0 ? "k1" : "k2", utf8Slice("value " + i), 64).toStringUtf8());
                    }
                    return digests;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        }
    }

    private static byte[] jdkHmac(byte[] key, byte[] data)
            throws Exception
    {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
