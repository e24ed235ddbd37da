package dev.floe.masking.crypto;

import com.google.common.collect.ImmutableMap;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Map;
import java.util.Optional;

import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Format-preserving encryption for {@code fpe_encrypt}/{@code fpe_decrypt}: NIST SP 800-38G Rev. 1 FF1
 * over AES-256 under the key's {@link KeyPurpose#FPE} subkey, so a card number stays a card number of
 * the same length and layout, and the owner of the key can reverse it exactly.
 *
 * <p><b>Format rule.</b> ASCII digits form one domain (radix 10) and ASCII letters another (radix 26:
 * {@code a}/{@code A} = 0 ... {@code z}/{@code Z} = 25, with each position keeping its case). Every other
 * character (separators, punctuation, spaces) stays where it is. Each domain's characters, taken in
 * order, are enciphered as one FF1 numeral string, so {@code "4111-1111-1111-1111"} becomes 16 other
 * digits with the same dashes, and {@code "XYabc-123456"} keeps letters, case, digits and dash in place.
 *
 * <p><b>Tweak.</b> The FF1 tweak is the domain tag ({@code 'D'} or {@code 'L'}) followed by the value's
 * format template: {@code '0'} for a digit, {@code 'A'}/{@code 'a'} for an upper/lower-case letter, and
 * every other character as itself. Encryption never changes the template, so decryption rebuilds the same
 * tweak and is exact, while the same digits in different layouts ({@code 123456789} vs.
 * {@code 123-45-6789}) encipher differently, and the letters and digits of one value are enciphered
 * independently of each other's domain.
 *
 * <p><b>What is refused.</b> {@link Optional#empty()} is returned, never the value in clear and never an
 * exception, when the value is not valid UTF-8; contains a non-ASCII letter, digit, number or combining
 * mark (such as {@code é} or Arabic-Indic digits: outside both domains, and not a separator either); has
 * a domain that is present but too small for FF1 (SP 800-38G Rev. 1 requires radix<sup>length</sup>
 * &ge; 1,000,000: at least {@value #MIN_DIGITS} digits, at least {@value #MIN_LETTERS} letters); has no
 * letters or digits at all (nothing would be hidden); or is longer than {@value #MAX_VALUE_BYTES} bytes
 * (FF1's cost grows quadratically with length, and this is meant for identifiers, not documents). The SQL
 * layer redacts such values instead. The empty string is returned as the empty string: it has nothing to hide.
 *
 * <p>FF1 is deterministic and unauthenticated by design: decrypting with a wrong key yields another
 * well-formed value, not an error. Unlike tokens, FPE output does not say which key made it, so a
 * rotation needs the key id passed to {@link #decrypt(String, Slice)}.
 *
 * <p>BouncyCastle engines are not thread-safe, and FF1 must be re-keyed for every value anyway because the
 * tweak differs per format, so each call builds its own engine; a per-thread engine measured no faster.
 */
public final class FormatPreservingCipher
{
    public static final int MIN_DIGITS = 6;
    public static final int MIN_LETTERS = 5;
    public static final int MAX_VALUE_BYTES = 4096;

    private static final int DIGIT_RADIX = 10;
    private static final int LETTER_RADIX = 26;
    private static final byte DIGITS_TAG = 'D';
    private static final byte LETTERS_TAG = 'L';

    private final String currentKeyId;
    private final Map<String, KeyParameter> keys;

    public FormatPreservingCipher(KeyRing keyRing)
    {
        requireNonNull(keyRing, "keyRing is null");
        this.currentKeyId = keyRing.current().id();
        ImmutableMap.Builder<String, KeyParameter> keys = ImmutableMap.builder();
        // BouncyCastle only reads the key array, so one KeyParameter can serve all threads
        keyRing.subkeys(KeyPurpose.FPE).forEach((id, subkey) -> keys.put(id, new KeyParameter(subkey)));
        this.keys = keys.buildOrThrow();
    }

    /** Encrypts under the current key; see the class documentation for when the result is empty. */
    public Optional<Slice> encrypt(Slice value)
    {
        return encrypt(currentKeyId, value);
    }

    /**
     * Encrypts under the given key; see the class documentation for when the result is empty.
     *
     * @throws IllegalArgumentException if the key id is not configured (a query error, not a data error)
     */
    public Optional<Slice> encrypt(String keyId, Slice value)
    {
        return process(true, keyId, value);
    }

    /** Decrypts under the current key. */
    public Optional<Slice> decrypt(Slice value)
    {
        return decrypt(currentKeyId, value);
    }

    /**
     * Decrypts under the given key. Empty for exactly the values {@link #encrypt} refuses, which it never
     * produces.
     *
     * @throws IllegalArgumentException if the key id is not configured
     */
    public Optional<Slice> decrypt(String keyId, Slice value)
    {
        return process(false, keyId, value);
    }

    public String currentKeyId()
    {
        return currentKeyId;
    }

    @Override
    public String toString()
    {
        return "FormatPreservingCipher[current=" + currentKeyId + ", keys=" + keys.keySet() + "]";
    }

    private Optional<Slice> process(boolean encrypt, String keyId, Slice value)
    {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(value, "value is null");
        KeyParameter key = keys.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException(format("unknown masking key id %s", MaskingKey.describeId(keyId)));
        }
        int length = value.length();
        if (length == 0) {
            return Optional.of(Slices.EMPTY_SLICE);
        }
        if (length > MAX_VALUE_BYTES) {
            return Optional.empty();
        }

        // output starts as a copy of the input; only ASCII letters and digits are replaced, by ASCII
        // letters and digits, so every other byte (including all of a multi-byte character) stays put
        byte[] output = value.getBytes();
        // tweak = domain tag, then the format template
        byte[] tweak = new byte[length + 1];
        int digits = 0;
        int letters = 0;
        boolean nonAscii = false;
        for (int i = 0; i < length; i++) {
            byte b = output[i];
            byte shape;
            if (b >= '0' && b <= '9') {
                shape = '0';
                digits++;
            }
            else if (b >= 'A' && b <= 'Z') {
                shape = 'A';
                letters++;
            }
            else if (b >= 'a' && b <= 'z') {
                shape = 'a';
                letters++;
            }
            else {
                shape = b;
                nonAscii |= b < 0;
            }
            tweak[i + 1] = shape;
        }
        if ((digits == 0 && letters == 0)
                || (digits > 0 && digits < MIN_DIGITS)
                || (letters > 0 && letters < MIN_LETTERS)
                || (nonAscii && !isSeparatorOnlyUtf8(output))) {
            return Optional.empty();
        }

        if (digits > 0) {
            byte[] numerals = new byte[digits];
            for (int i = 0, n = 0; i < length; i++) {
                if (tweak[i + 1] == '0') {
                    numerals[n++] = (byte) (output[i] - '0');
                }
            }
            tweak[0] = DIGITS_TAG;
            numerals = ff1(encrypt, key, DIGIT_RADIX, tweak, numerals);
            for (int i = 0, n = 0; i < length; i++) {
                if (tweak[i + 1] == '0') {
                    output[i] = (byte) ('0' + numerals[n++]);
                }
            }
        }
        if (letters > 0) {
            byte[] numerals = new byte[letters];
            for (int i = 0, n = 0; i < length; i++) {
                byte shape = tweak[i + 1];
                if (shape == 'A' || shape == 'a') {
                    numerals[n++] = (byte) (output[i] - shape);
                }
            }
            tweak[0] = LETTERS_TAG;
            numerals = ff1(encrypt, key, LETTER_RADIX, tweak, numerals);
            for (int i = 0, n = 0; i < length; i++) {
                byte shape = tweak[i + 1];
                if (shape == 'A' || shape == 'a') {
                    output[i] = (byte) (shape + numerals[n++]);
                }
            }
        }
        return Optional.of(Slices.wrappedBuffer(output));
    }

    private static byte[] ff1(boolean encrypt, KeyParameter key, int radix, byte[] tweak, byte[] numerals)
    {
        FPEFF1Engine engine = new FPEFF1Engine(AESEngine.newInstance());
        engine.init(encrypt, new FPEParameters(key, radix, tweak));
        byte[] result = new byte[numerals.length];
        engine.processBlock(numerals, 0, numerals.length, result, 0);
        return result;
    }

    /**
     * Whether the bytes are strictly valid UTF-8 in which no non-ASCII character is a letter, a number or
     * a combining mark. Such characters belong to neither domain, yet leaving them in place would show
     * part of the value in clear (or, for a mark, hint at the letter it modifies).
     */
    private static boolean isSeparatorOnlyUtf8(byte[] bytes)
    {
        CharBuffer chars;
        try {
            chars = UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        }
        catch (CharacterCodingException _) {
            return false;
        }
        return chars.codePoints().noneMatch(codePoint -> codePoint >= 0x80 && !isSeparator(codePoint));
    }

    private static boolean isSeparator(int codePoint)
    {
        if (Character.isLetter(codePoint) || Character.isAlphabetic(codePoint)) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> false;
            default -> true;
        };
    }
}
