package dev.floe.masking.crypto;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static dev.floe.masking.crypto.TestKeys.ring;
import static io.airlift.slice.Slices.utf8Slice;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestFormatPreservingCipher
{
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final KeyRing ring = ring("k1", "k1", "k2");
    private final FormatPreservingCipher cipher = new FormatPreservingCipher(ring);

    @Test
    void roundTripsRealisticValuesPreservingLayout()
    {
        Random random = new Random(42);
        List<Supplier<String>> generators = List.of(
                () -> fill(random, "9999-9999-9999-9999"),
                () -> fill(random, "9999 9999 9999 9999"),
                () -> fill(random, "9999999999999999"),
                () -> fill(random, "9999-999999-99999"),
                () -> fill(random, "999-99-9999"),
                () -> fill(random, "+1 (999) 999-9999"),
                () -> fill(random, "+44 20 9999 9999"),
                () -> fill(random, "GB99 AAAA 9999 9999 9999 99"),
                () -> fill(random, "NL99AAAA9999999999"),
                () -> fill(random, "AAaaa-999999"),
                () -> fill(random, "aaaaaaaaaa"),
                () -> fill(random, "Aaaaaa Aaaaaaaa"));
        for (int i = 0; i < 3000; i++) {
            String value = generators.get(i % generators.size()).get();
            String encrypted = encrypt(value);
            assertSameLayout(value, encrypted);
            assertThat(encrypt(value)).isEqualTo(encrypted);
            assertThat(decrypt(encrypted)).as(value).isEqualTo(value);
        }
    }

    @Test
    void randomAlphanumericCodesRoundTripOrAreRefused()
    {
        Random random = new Random(7);
        String alphabet = UPPER + LOWER + DIGITS + "-";
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            int length = 1 + random.nextInt(24);
            StringBuilder value = new StringBuilder();
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            long digits = value.chars().filter(Character::isDigit).count();
            long letters = value.chars().filter(Character::isLetter).count();
            boolean encipherable = (digits + letters > 0)
                    && (digits == 0 || digits >= FormatPreservingCipher.MIN_DIGITS)
                    && (letters == 0 || letters >= FormatPreservingCipher.MIN_LETTERS);

            Optional<Slice> encrypted = cipher.encrypt(utf8Slice(value.toString()));
            if (encipherable) {
                assertSameLayout(value.toString(), encrypted.orElseThrow().toStringUtf8());
                assertThat(cipher.decrypt(encrypted.orElseThrow())).contains(utf8Slice(value.toString()));
            }
            else {
                refused++;
                assertThat(encrypted).as(value.toString()).isEmpty();
                assertThat(cipher.decrypt(utf8Slice(value.toString()))).isEmpty();
            }
        }
        assertThat(refused).isBetween(100, 2900);
    }

    @Test
    void domainsAreFf1UnderTheFpeSubkeyWithTheFormatTemplateAsTweak()
    {
        byte[] subkey = ring.subkeys(KeyPurpose.FPE).get("k1");

        String card = "4111-1111-1111-1111";
        String digits = TestFf1NistSamples.ff1(true, subkey, 10, "D0000-0000-0000-0000".getBytes(US_ASCII), "4111111111111111");
        assertThat(encrypt(card)).isEqualTo(digits.substring(0, 4) + "-" + digits.substring(4, 8) + "-" + digits.substring(8, 12) + "-" + digits.substring(12));

        // letters: a/A = 0 ... z/Z = 25, case kept per position; digits are a separate FF1 under tag 'D'
        String code = "Hello World 123456";
        String letters = TestFf1NistSamples.ff1(true, subkey, 26, "LAaaaa Aaaaa 000000".getBytes(US_ASCII), toNumerals("helloworld"));
        String enciphered = TestFf1NistSamples.ff1(true, subkey, 10, "DAaaaa Aaaaa 000000".getBytes(US_ASCII), "123456");
        StringBuilder expected = new StringBuilder();
        expected.append(Character.toUpperCase(letter(letters, 0))).append(letter(letters, 1)).append(letter(letters, 2)).append(letter(letters, 3)).append(letter(letters, 4));
        expected.append(' ');
        expected.append(Character.toUpperCase(letter(letters, 5))).append(letter(letters, 6)).append(letter(letters, 7)).append(letter(letters, 8)).append(letter(letters, 9));
        expected.append(' ').append(enciphered);
        assertThat(encrypt(code)).isEqualTo(expected.toString());
    }

    @Test
    void sameCharactersInAnotherFormatEncipherDifferently()
    {
        assertThat(digitsOf(encrypt("123456789"))).isNotEqualTo(digitsOf(encrypt("123-45-6789")));
        assertThat(digitsOf(encrypt("123-45-6789"))).isNotEqualTo(digitsOf(encrypt("123 45 6789")));
        assertThat(encrypt("abcdefgh").toLowerCase()).isNotEqualTo(encrypt("ABCDEFGH").toLowerCase());
        assertThat(encrypt("ABCDEFGH")).matches("[A-Z]{8}");
        assertThat(encrypt("abcdefgh")).matches("[a-z]{8}");
        // the letters of a value do not depend on its digits' domain
        assertThat(decrypt(encrypt("AbCdE-123456"))).isEqualTo("AbCdE-123456");
    }

    @Test
    void keysSeparate()
    {
        Random random = new Random(3);
        FormatPreservingCipher other = new FormatPreservingCipher(ring("k1", "k1"));
        for (int i = 0; i < 200; i++) {
            String card = fill(random, "9999-9999-9999-9999");
            String underK1 = encrypt(card);
            String underK2 = cipher.encrypt("k2", utf8Slice(card)).orElseThrow().toStringUtf8();
            assertThat(underK2).isNotEqualTo(underK1).isNotEqualTo(card);
            assertThat(underK1).isNotEqualTo(card);
            assertThat(cipher.decrypt("k2", utf8Slice(underK2))).contains(utf8Slice(card));
            // decrypting under the wrong key yields a well-formed value, but not the plaintext
            Optional<Slice> wrong = cipher.decrypt("k2", utf8Slice(underK1));
            assertThat(wrong).isPresent().isNotEqualTo(Optional.of(utf8Slice(card)));
            assertSameLayout(card, wrong.orElseThrow().toStringUtf8());
            // same id, same material: same result from an independently built cipher
            assertThat(other.encrypt(utf8Slice(card))).contains(utf8Slice(underK1));
        }
    }

    @Test
    void enforcesTheMinimumDomainSizes()
    {
        assertThat(cipher.encrypt(utf8Slice("123456"))).isPresent();
        assertThat(cipher.encrypt(utf8Slice("12345"))).isEmpty();
        assertThat(cipher.encrypt(utf8Slice("12-34-5"))).isEmpty();
        assertThat(cipher.encrypt(utf8Slice("abcde"))).isPresent();
        assertThat(cipher.encrypt(utf8Slice("abcd"))).isEmpty();
        assertThat(cipher.encrypt(utf8Slice("AB-12"))).isEmpty();
        // each present domain must be large enough on its own; neither is returned in clear
        assertThat(cipher.encrypt(utf8Slice("abcd-123456"))).isEmpty();
        assertThat(cipher.encrypt(utf8Slice("abcde-12345"))).isEmpty();
        assertThat(cipher.encrypt(utf8Slice("DE89 3704 0044 0532 0130 00"))).isEmpty(); // only two letters
        assertThat(cipher.encrypt(utf8Slice("abcde-123456"))).isPresent();
        assertThat(cipher.decrypt(utf8Slice("12345"))).isEmpty();
    }

    @Test
    void refusesValuesOutsideTheDomains()
    {
        for (String value : List.of(
                "123456\u00e9",                  // é: a letter outside ASCII
                "\u0661\u0662\u0663\u0664\u0665\u0666\u0667", // Arabic-Indic digits
                "1234567\u0661",
                "123456e\u0301",                 // combining acute accent
                "\u216b-123456",                 // Roman numeral twelve (letter number)
                "\u00b2123456",                  // superscript two (other number)
                "\uff11\uff12\uff13\uff14\uff15\uff16", // fullwidth digits
                "\u6771\u4eac123456",            // ideographs
                "----",                          // nothing to encipher: would come back in clear
                " ")) {
            assertThat(cipher.encrypt(utf8Slice(value))).as(value).isEmpty();
            assertThat(cipher.decrypt(utf8Slice(value))).as(value).isEmpty();
        }
    }

    @Test
    void refusesInvalidUtf8()
    {
        byte[][] invalid = {
                {'1', '2', '3', '4', '5', '6', (byte) 0xc3},                   // truncated sequence
                {'1', '2', '3', '4', '5', '6', (byte) 0xc0, (byte) 0xaf},      // overlong '/'
                {'1', '2', '3', '4', '5', '6', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, // encoded surrogate
                {'1', '2', '3', '4', '5', '6', (byte) 0xff},
                {(byte) 0x80, '1', '2', '3', '4', '5', '6'},
        };
        for (byte[] value : invalid) {
            assertThat(cipher.encrypt(Slices.wrappedBuffer(value))).isEmpty();
            assertThat(cipher.decrypt(Slices.wrappedBuffer(value))).isEmpty();
        }
    }

    @Test
    void keepsNonAsciiSeparatorsInPlace()
    {
        for (String value : List.of("12\u00a034\u00a056", "12\u201334\u201356\u201378", "\ud83d\ude00 123456 \ud83d\ude00", "\u20ac 1\u202f234\u202f567,89", "ABCDE\u00b7FGHIJ")) {
            String encrypted = encrypt(value);
            assertSameLayout(value, encrypted);
            assertThat(encrypted).isNotEqualTo(value);
            assertThat(decrypt(encrypted)).isEqualTo(value);
        }
    }

    @Test
    void emptyStringStaysEmpty()
    {
        assertThat(cipher.encrypt(utf8Slice(""))).contains(utf8Slice(""));
        assertThat(cipher.decrypt(utf8Slice(""))).contains(utf8Slice(""));
    }

    @Test
    void limitsLength()
    {
        String longest = "1".repeat(FormatPreservingCipher.MAX_VALUE_BYTES);
        String encrypted = encrypt(longest);
        assertThat(encrypted).hasSize(longest.length()).matches("[0-9]+");
        assertThat(decrypt(encrypted)).isEqualTo(longest);
        assertThat(cipher.encrypt(utf8Slice(longest + "1"))).isEmpty();
    }

    @Test
    void usesOnlyTheSlicesBytes()
    {
        Slice inner = Slices.wrappedBuffer("xx4111-1111-1111-1111yy".getBytes(US_ASCII), 2, 19);
        assertThat(cipher.encrypt(inner)).isEqualTo(cipher.encrypt(utf8Slice("4111-1111-1111-1111")));
    }

    @Test
    void unknownKeyIsAQueryError()
    {
        assertThatThrownBy(() -> cipher.encrypt("k3", utf8Slice("123456")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown masking key id 'k3'");
        assertThatThrownBy(() -> cipher.decrypt("k3", utf8Slice("123456")))
                .hasMessage("unknown masking key id 'k3'");
        assertThat(cipher.currentKeyId()).isEqualTo("k1");
    }

    @Test
    void isThreadSafe()
            throws Exception
    {
        Random random = new Random(11);
        List<String> values = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String value = fill(random, i % 2 == 0 ? "9999-9999-9999-9999" : "AAaaa-99999999");
            values.add(value);
            expected.add(encrypt(value));
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < values.size(); i++) {
                        assertThat(encrypt(values.get(i))).isEqualTo(expected.get(i));
                        assertThat(decrypt(expected.get(i))).isEqualTo(values.get(i));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    private String encrypt(String value)
    {
        return cipher.encrypt(utf8Slice(value)).orElseThrow(() -> new AssertionError("refused: " + value)).toStringUtf8();
    }

    private String decrypt(String value)
    {
        return cipher.decrypt(utf8Slice(value)).orElseThrow(() -> new AssertionError("refused: " + value)).toStringUtf8();
    }

    /** Replaces 9 with a random digit, A with a random upper-case and a with a random lower-case letter. */
    private static String fill(Random random, String pattern)
    {
        StringBuilder value = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            value.append(switch (c) {
                case '9' -> DIGITS.charAt(random.nextInt(10));
                case 'A' -> UPPER.charAt(random.nextInt(26));
                case 'a' -> LOWER.charAt(random.nextInt(26));
                default -> c;
            });
        }
        return value.toString();
    }

    private static void assertSameLayout(String plaintext, String ciphertext)
    {
        assertThat(ciphertext).hasSameSizeAs(plaintext);
        assertThat(ciphertext.getBytes(UTF_8)).hasSameSizeAs(plaintext.getBytes(UTF_8));
        for (int i = 0; i < plaintext.length(); i++) {
            char p = plaintext.charAt(i);
            char c = ciphertext.charAt(i);
            String where = plaintext + " -> " + ciphertext + " at " + i;
            if (p >= '0' && p <= '9') {
                assertThat(c).as(where).isBetween('0', '9');
            }
            else if (p >= 'A' && p <= 'Z') {
                assertThat(c).as(where).isBetween('A', 'Z');
            }
            else if (p >= 'a' && p <= 'z') {
                assertThat(c).as(where).isBetween('a', 'z');
            }
            else {
                assertThat(c).as(where).isEqualTo(p);
            }
        }
    }

    private static String digitsOf(String value)
    {
        return value.replaceAll("[^0-9]", "");
    }

    private static String toNumerals(String lowerCaseLetters)
    {
        StringBuilder numerals = new StringBuilder();
        for (char c : lowerCaseLetters.toCharArray()) {
            numerals.append(ALPHABET.charAt(c - 'a'));
        }
        return numerals.toString();
    }

    private static char letter(String numerals, int index)
    {
        return (char) ('a' + ALPHABET.indexOf(numerals.charAt(index)));
    }
}
