package dev.floe.masking.redact;

import io.airlift.slice.Slice;

import static io.airlift.slice.SliceUtf8.lengthOfCodePoint;
import static io.airlift.slice.SliceUtf8.tryGetCodePointAt;

/**
 * Byte-level UTF-8 loops behind {@link Redaction}: counting, seeking, copying and masking characters without
 * decoding to a {@code String}.
 * <p>
 * A character is what Trino counts as one ({@link io.airlift.slice.SliceUtf8#countCodePoints}): a byte that is not
 * a UTF-8 continuation byte ({@code 10xxxxxx}) starts one. A valid sequence is one code point. An invalid sequence
 * becomes a single {@code X} for its start byte, and stray continuation bytes are dropped, so output never holds
 * invalid UTF-8 and never has more characters, by Trino's count, than the input: the {@code varchar(x)} a mask
 * returns keeps fitting its declared length.
 */
final class Utf8Masking
{
    /** {@link #maskCodePoint} result: keep the code point unchanged. */
    static final int KEEP = -1;

    private Utf8Masking() {}

    /** The number of characters in {@code value[from, to)}. */
    static int countChars(Slice value, int from, int to)
    {
        byte[] bytes = value.byteArray();
        int base = value.byteArrayOffset();
        int count = 0;
        for (int i = base + from; i < base + to; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    /**
     * The offset at which the character with 0-based index {@code n}, counted from {@code from}, starts, or
     * {@code to} if the range has {@code n} characters or fewer.
     */
    static int offsetOfChar(Slice value, int from, int to, long n)
    {
        byte[] bytes = value.byteArray();
        int base = value.byteArrayOffset();
        long count = 0;
        for (int i = from; i < to; i++) {
            if ((bytes[base + i] & 0xC0) != 0x80) {
                if (count == n) {
                    return i;
                }
                count++;
            }
        }
        return to;
    }

    /**
     * Writes {@code value[from, to)} to {@code out} at {@code position} with every character masked per
     * {@link #maskCodePoint}; returns the new position. Writes at most {@code to - from} bytes.
     */
    static int maskInto(Slice value, int from, int to, byte[] out, int position)
    {
        byte[] bytes = value.byteArray();
        int base = value.byteArrayOffset();
        int o = position;
        int i = from;
        while (i < to) {
            byte b = bytes[base + i];
            if (b >= 0) {
                out[o++] = maskAscii(b);
                i++;
            }
            else if ((b & 0xC0) == 0x80) {
                // stray continuation byte
                i++;
            }
            else {
                int codePoint = tryGetCodePointAt(value, i);
                if (codePoint < 0) {
                    out[o++] = 'X';
                    i++;
                    continue;
                }
                int length = lengthOfCodePoint(codePoint);
                int replacement = maskCodePoint(codePoint);
                if (replacement == KEEP) {
                    System.arraycopy(bytes, base + i, out, o, length);
                    o += length;
                }
                else {
                    out[o++] = (byte) replacement;
                }
                i += length;
            }
        }
        return o;
    }

    /**
     * Copies {@code value[from, to)} to {@code out} at {@code position}, replacing each invalid sequence by
     * {@code X} and dropping stray continuation bytes; returns the new position. Writes at most {@code to - from}
     * bytes.
     */
    static int copyInto(Slice value, int from, int to, byte[] out, int position)
    {
        byte[] bytes = value.byteArray();
        int base = value.byteArrayOffset();
        int o = position;
        int i = from;
        while (i < to) {
            byte b = bytes[base + i];
            if (b >= 0) {
                out[o++] = b;
                i++;
            }
            else if ((b & 0xC0) == 0x80) {
                i++;
            }
            else {
                int codePoint = tryGetCodePointAt(value, i);
                if (codePoint < 0) {
                    out[o++] = 'X';
                    i++;
                    continue;
                }
                int length = lengthOfCodePoint(codePoint);
                System.arraycopy(bytes, base + i, out, o, length);
                o += length;
                i += length;
            }
        }
        return o;
    }

    static byte maskAscii(byte b)
    {
        if (b >= 'a' && b <= 'z') {
            return 'x';
        }
        if (b >= 'A' && b <= 'Z') {
            return 'X';
        }
        if (b >= '0' && b <= '9') {
            return 'n';
        }
        return b;
    }

    /**
     * The ASCII byte that replaces a non-ASCII code point, or {@link #KEEP}.
     * <ul>
     * <li>upper-case and title-case letters, and caseless letters (CJK, Arabic, Hebrew...): {@code X};</li>
     * <li>lower-case letters: {@code x};</li>
     * <li>numbers of any kind, not only decimal digits: {@code n}, since {@code ²} or {@code ③} tell a digit too;</li>
     * <li>combining marks: {@code x}, since Indic vowel signs and Hebrew points spell part of a word; variation
     * selectors are kept, as they only pick a glyph style (emoji);</li>
     * <li>private-use and unassigned code points: {@code X}, as their meaning is unknown;</li>
     * <li>everything else (spaces, punctuation, symbols, emoji, format characters such as ZWJ and bidi marks):
     * kept, unless the code point has a case ({@code Ⓐ}).</li>
     * </ul>
     */
    static int maskCodePoint(int codePoint)
    {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER -> 'X';
            case Character.LOWERCASE_LETTER -> 'x';
            case Character.OTHER_LETTER, Character.MODIFIER_LETTER -> Character.isLowerCase(codePoint) ? 'x' : 'X';
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> 'n';
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK -> isVariationSelector(codePoint) ? KEEP : 'x';
            case Character.PRIVATE_USE, Character.UNASSIGNED -> 'X';
            default -> Character.isUpperCase(codePoint) ? 'X' : Character.isLowerCase(codePoint) ? 'x' : KEEP;
        };
    }

    private static boolean isVariationSelector(int codePoint)
    {
        return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
