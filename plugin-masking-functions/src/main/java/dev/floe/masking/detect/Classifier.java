package dev.floe.masking.detect;

import io.airlift.slice.Slice;

/**
 * Guesses which kind of sensitive value a string is, for data discovery: run over sample rows, it tells which
 * columns need a mask.
 * <p>
 * Checks run from the most specific format to the least, so that a value matching several gets the narrowest
 * type: a UUID is also hex-and-dashes, an e-mail address may look like a URL's user info, a MAC address is not an
 * IPv6 address but is close, a valid card or IBAN is also a run of digits a phone check would take. All scanners
 * are hand-written, linear and allocation-light; no regular expressions.
 */
public final class Classifier
{
    /** Longer values are prose or documents, not one identifier; they are skipped without scanning. */
    public static final int MAX_LENGTH = 2048;

    private Classifier() {}

    /**
     * The type of {@code value} after trimming surrounding ASCII whitespace, or {@code null} if it is none of the
     * {@link SensitiveType}s, empty, or longer than {@value #MAX_LENGTH} bytes. Never throws.
     */
    public static SensitiveType classifyOrNull(Slice value)
    {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        int from = 0;
        int to = value.length();
        while (from < to && isAsciiWhitespace(value.getByte(from))) {
            from++;
        }
        while (to > from && isAsciiWhitespace(value.getByte(to - 1))) {
            to--;
        }
        if (from == to) {
            return null;
        }
        ByteChars chars = ByteChars.of(value, from, to);
        if (Identifiers.isUuid(chars)) {
            return SensitiveType.UUID;
        }
        if (Emails.atSignIndex(value, from, to, true) >= 0) {
            return SensitiveType.EMAIL;
        }
        if (Urls.isUrl(value, from, to)) {
            return SensitiveType.URL;
        }
        if (Identifiers.isMac(chars)) {
            return SensitiveType.MAC;
        }
        if (IpAddresses.isIpv4(chars)) {
            return SensitiveType.IPV4;
        }
        if (IpAddresses.isIpv6(chars)) {
            return SensitiveType.IPV6;
        }
        if (Iban.isValid(chars)) {
            return SensitiveType.IBAN;
        }
        if (PaymentCards.isValid(chars)) {
            return SensitiveType.CREDIT_CARD;
        }
        if (UsSsn.isValid(chars)) {
            return SensitiveType.US_SSN;
        }
        if (PhoneNumbers.looksLikePhone(chars)) {
            return SensitiveType.PHONE;
        }
        return null;
    }

    private static boolean isAsciiWhitespace(byte b)
    {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
