package dev.floe.masking.detect;

import io.airlift.slice.Slice;

import static io.airlift.slice.SliceUtf8.lengthOfCodePoint;
import static io.airlift.slice.SliceUtf8.tryGetCodePointAt;

/**
 * E-mail address recognition on raw UTF-8 bytes, shared by detection and by the {@code mask_email} redaction.
 * <p>
 * This is not an RFC 5322 parser: quoted local parts, comments and address literals ({@code user@[10.0.0.1]})
 * are treated as malformed. For masking that only means such values get fully masked, which is the safe side.
 */
public final class Emails
{
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_DOMAIN_LENGTH = 255;

    private Emails() {}

    /**
     * Finds the {@code @} of a well-formed address in {@code value[from, to)}: exactly one {@code @}, a non-empty
     * local part and a domain of at least two dot-separated labels, each non-empty, of letters, digits (any script,
     * for internationalized domains), combining marks and inner hyphens. The whole range must be valid UTF-8.
     *
     * @param strictLocalPart false: the local part may hold anything but whitespace and control characters
     * (what masking needs, since the local part is hidden anyway); true: only RFC 5322 dot-atom characters and
     * non-ASCII letters, digits and marks, no leading, trailing or doubled dot, at most 64 bytes, and a top-level
     * domain with a letter (what detection needs, so that {@code http://user@host} is not an e-mail address)
     * @return the index of the {@code @}, or -1 if the range is not such an address
     */
    public static int atSignIndex(Slice value, int from, int to, boolean strictLocalPart)
    {
        int at = -1;
        for (int i = from; i < to; i++) {
            if (value.getByte(i) == '@') {
                if (at >= 0) {
                    return -1;
                }
                at = i;
            }
        }
        if (at <= from || at >= to - 1 || to - at - 1 > MAX_DOMAIN_LENGTH) {
            return -1;
        }
        if (strictLocalPart ? !isStrictLocalPart(value, from, at) : !isLenientLocalPart(value, from, at)) {
            return -1;
        }
        return isDomain(value, at + 1, to, strictLocalPart) ? at : -1;
    }

    private static boolean isLenientLocalPart(Slice value, int from, int to)
    {
        int i = from;
        while (i < to) {
            int codePoint = tryGetCodePointAt(value, i);
            if (codePoint < 0 || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint)) {
                return false;
            }
            i += lengthOfCodePoint(codePoint);
        }
        return i == to;
    }

    private static boolean isStrictLocalPart(Slice value, int from, int to)
    {
        if (to - from > MAX_LOCAL_LENGTH || value.getByte(from) == '.' || value.getByte(to - 1) == '.') {
            return false;
        }
        int previous = 0;
        int i = from;
        while (i < to) {
            int codePoint = tryGetCodePointAt(value, i);
            if (codePoint < 0) {
                return false;
            }
            boolean ok = codePoint < 0x80
                    ? isAsciiAtext(codePoint) || (codePoint == '.' && previous != '.')
                    : isWordCharacter(codePoint);
            if (!ok) {
                return false;
            }
            previous = codePoint;
            i += lengthOfCodePoint(codePoint);
        }
        return i == to;
    }

    private static boolean isDomain(Slice value, int from, int to, boolean requireLetterInTopLevel)
    {
        int labels = 0;
        int labelStart = from;
        boolean letterInLabel = false;
        int previous = '.';
        int i = from;
        while (i < to) {
            int codePoint = tryGetCodePointAt(value, i);
            if (codePoint < 0) {
                return false;
            }
            if (codePoint == '.') {
                if (previous == '.' || previous == '-') {
                    return false;
                }
                labels++;
                labelStart = i + 1;
                letterInLabel = false;
            }
            else if (codePoint == '-') {
                if (i == labelStart) {
                    return false;
                }
            }
            else if (codePoint < 0x80 ? isAsciiLetterOrDigit(codePoint) : isWordCharacter(codePoint)) {
                letterInLabel |= Character.isLetter(codePoint);
            }
            else {
                return false;
            }
            previous = codePoint;
            i += lengthOfCodePoint(codePoint);
        }
        if (i != to || previous == '.' || previous == '-') {
            return false;
        }
        return labels >= 1 && (!requireLetterInTopLevel || letterInLabel);
    }

    // RFC 5322 atext
    private static boolean isAsciiAtext(int c)
    {
        return isAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static boolean isAsciiLetterOrDigit(int c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isWordCharacter(int codePoint)
    {
        if (Character.isLetterOrDigit(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
