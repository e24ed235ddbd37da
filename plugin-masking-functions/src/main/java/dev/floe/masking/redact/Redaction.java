package dev.floe.masking.redact;

import dev.floe.masking.detect.ByteChars;
import dev.floe.masking.detect.Emails;
import dev.floe.masking.detect.Iban;
import dev.floe.masking.detect.IpAddresses;
import dev.floe.masking.detect.PaymentCards;
import dev.floe.masking.detect.PhoneNumbers;
import dev.floe.masking.detect.UsSsn;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import static dev.floe.masking.redact.Utf8Masking.copyInto;
import static dev.floe.masking.redact.Utf8Masking.countChars;
import static dev.floe.masking.redact.Utf8Masking.maskInto;
import static dev.floe.masking.redact.Utf8Masking.offsetOfChar;

/**
 * Redaction masks over UTF-8 {@link Slice}s, the algorithms behind the {@code mask*} SQL functions.
 * <p>
 * Shared rules:
 * <ul>
 * <li>Nothing throws, whatever the bytes. A value a function cannot interpret (malformed e-mail, phone...) is
 * fully masked with {@link #mask}, never passed through.</li>
 * <li>Lengths and positions count characters as Trino does, one per code point; invalid UTF-8 becomes {@code X}
 * and never reaches the output (see {@link Utf8Masking}).</li>
 * <li>The result has at most as many characters as the input, so the result of a {@code varchar(x)} mask fits
 * {@code varchar(x)}; except {@link #maskPartial} (a long padding) and {@link #maskEmail} (a local part shorter
 * than the fixed placeholder), whose callers truncate.</li>
 * <li>{@code null} in, {@code null} out (SQL NULL never reaches these).</li>
 * </ul>
 */
public final class Redaction
{
    private static final int EMAIL_LOCAL_PLACEHOLDER = 4;

    private Redaction() {}

    /**
     * Replaces upper-case and caseless letters (any script) with {@code X}, lower-case letters with {@code x} and
     * digits with {@code n}, keeping spaces, punctuation, symbols and emoji so the value's format stays visible:
     * {@code "Jane Doe-42"} becomes {@code "Xxxx Xxx-nn"}. The result has exactly as many characters as the input.
     * Details for the rest of Unicode are in {@link Utf8Masking#maskCodePoint}.
     */
    public static Slice mask(Slice value)
    {
        if (value == null) {
            return null;
        }
        int length = value.length();
        byte[] out = new byte[length];
        return wrap(out, maskInto(value, 0, length, out, 0));
    }

    /**
     * Keeps the first {@code count} characters and masks the rest like {@link #mask}. A negative count is 0.
     * A value of {@code count} characters or fewer is masked whole rather than shown whole: like BigQuery's
     * data-masking rules, a short value is never revealed just because it is short.
     */
    public static Slice maskShowFirst(Slice value, long count)
    {
        if (value == null) {
            return null;
        }
        int length = value.length();
        if (count <= 0) {
            return mask(value);
        }
        int keepEnd = offsetOfChar(value, 0, length, count);
        if (keepEnd >= length) {
            return mask(value);
        }
        byte[] out = new byte[length];
        int o = copyInto(value, 0, keepEnd, out, 0);
        return wrap(out, maskInto(value, keepEnd, length, out, o));
    }

    /**
     * Keeps the last {@code count} characters and masks the rest like {@link #mask}. A negative count is 0.
     * A value of {@code count} characters or fewer is masked whole rather than shown whole: like BigQuery's
     * data-masking rules, a short value is never revealed just because it is short.
     */
    public static Slice maskShowLast(Slice value, long count)
    {
        if (value == null) {
            return null;
        }
        int length = value.length();
        if (count <= 0) {
            return mask(value);
        }
        int chars = countChars(value, 0, length);
        if (count >= chars) {
            return mask(value);
        }
        int keepStart = offsetOfChar(value, 0, length, chars - count);
        byte[] out = new byte[length];
        int o = maskInto(value, 0, keepStart, out, 0);
        return wrap(out, copyInto(value, keepStart, length, out, o));
    }

    /**
     * SQL Server's {@code partial(prefix, padding, suffix)}: the first {@code prefix} characters, then
     * {@code padding}, then the last {@code suffix} characters. Negative counts are 0. When prefix and suffix
     * together would cover the whole value, only the padding is returned, so nothing is revealed. The result may
     * be longer than the value (a long padding); the caller truncates it to the declared type.
     */
    public static Slice maskPartial(Slice value, long prefix, Slice padding, long suffix)
    {
        Slice pad = padding == null ? Slices.EMPTY_SLICE : padding;
        int padLength = pad.length();
        if (value == null) {
            return null;
        }
        int length = value.length();
        long keepFirst = Math.max(0, prefix);
        long keepLast = Math.max(0, suffix);
        int chars = countChars(value, 0, length);
        if (keepFirst >= chars || keepLast >= chars || keepFirst + keepLast >= chars) {
            byte[] out = new byte[padLength];
            return wrap(out, copyInto(pad, 0, padLength, out, 0));
        }
        int prefixEnd = offsetOfChar(value, 0, length, keepFirst);
        int suffixStart = offsetOfChar(value, 0, length, chars - keepLast);
        byte[] out = new byte[prefixEnd + padLength + (length - suffixStart)];
        int o = copyInto(value, 0, prefixEnd, out, 0);
        o = copyInto(pad, 0, padLength, out, o);
        return wrap(out, copyInto(value, suffixStart, length, out, o));
    }

    /**
     * Hides the local part of {@code local@domain} behind a fixed {@code xxxx} and keeps the domain
     * ({@code "jane.doe@example.com"} becomes {@code "xxxx@example.com"}). The placeholder has a fixed length so
     * that the masked value does not tell how long the name was; so for a local part shorter than four characters
     * the result is up to three characters longer than the input, and the caller truncates it to the declared
     * type. A malformed address is masked whole with {@link #mask} (see {@link Emails#atSignIndex}: exactly one
     * {@code @}, no whitespace or control characters, a domain with a dot and no empty labels, valid UTF-8).
     */
    public static Slice maskEmail(Slice value)
    {
        if (value == null) {
            return null;
        }
        int length = value.length();
        int at = Emails.atSignIndex(value, 0, length, false);
        if (at < 0) {
            return mask(value);
        }
        int domainLength = length - at - 1;
        byte[] out = new byte[EMAIL_LOCAL_PLACEHOLDER + 1 + domainLength];
        for (int i = 0; i < EMAIL_LOCAL_PLACEHOLDER; i++) {
            out[i] = 'x';
        }
        out[EMAIL_LOCAL_PLACEHOLDER] = '@';
        value.getBytes(at + 1, out, EMAIL_LOCAL_PLACEHOLDER + 1, domainLength);
        return Slices.wrappedBuffer(out);
    }

    /**
     * Keeps the layout and the last four digits of a phone number and replaces the other digits with {@code X}:
     * {@code "+1 (415) 555-0132"} becomes {@code "+X (XXX) XXX-0132"}. A phone number here is 7 to 15 digits
     * with only {@code + ( ) - . /} and spaces around them; anything else is masked whole with {@link #mask}.
     */
    public static Slice maskPhone(Slice value)
    {
        if (value == null) {
            return null;
        }
        return PhoneNumbers.isShaped(ByteChars.of(value)) ? maskDigitsButLast(value, 4) : mask(value);
    }

    /**
     * Keeps the separators and the last four digits of a card number and replaces the other digits with
     * {@code X}: {@code "4111-1111-1111-1111"} becomes {@code "XXXX-XXXX-XXXX-1111"}. A card number here is 12 to
     * 19 digits, optionally grouped by single spaces or dashes; the Luhn digit is not checked, so a mistyped
     * number is masked the same way. Anything else is masked whole with {@link #mask}.
     */
    public static Slice maskCreditCard(Slice value)
    {
        if (value == null) {
            return null;
        }
        return PaymentCards.isShaped(ByteChars.of(value)) ? maskDigitsButLast(value, 4) : mask(value);
    }

    /**
     * Masks a US social security number down to its last four digits, keeping the input's separators:
     * {@code "123-45-6789"} becomes {@code "XXX-XX-6789"} and {@code "123456789"} becomes {@code "XXXXX6789"}.
     * Only the format {@code ddd-dd-dddd}, {@code ddd dd dddd} or nine digits is required, not a valid number.
     * Anything else is masked whole with {@link #mask}.
     */
    public static Slice maskSsn(Slice value)
    {
        if (value == null) {
            return null;
        }
        return UsSsn.isShaped(ByteChars.of(value)) ? maskDigitsButLast(value, 4) : mask(value);
    }

    /**
     * Keeps the country code and the last four characters of an IBAN and replaces every other letter or digit,
     * check digits included, with {@code X}, keeping spaces: {@code "GB82 WEST 1234 5698 7654 32"} becomes
     * {@code "GBXX XXXX XXXX XXXX XX54 32"}. Only the shape is required ({@link Iban#isShaped}), not a valid check
     * sum; anything else is masked whole with {@link #mask}.
     */
    public static Slice maskIban(Slice value)
    {
        if (value == null) {
            return null;
        }
        if (!Iban.isShaped(ByteChars.of(value))) {
            return mask(value);
        }
        int length = value.length();
        int alphanumerics = 0;
        for (int i = 0; i < length; i++) {
            if (value.getByte(i) != ' ') {
                alphanumerics++;
            }
        }
        byte[] out = value.getBytes();
        int index = 0;
        for (int i = 0; i < length; i++) {
            if (out[i] != ' ') {
                if (index >= 2 && index < alphanumerics - 4) {
                    out[i] = 'X';
                }
                index++;
            }
        }
        return Slices.wrappedBuffer(out);
    }

    /**
     * Generalizes an IP address to its network: an IPv4 address to its /24 ({@code "192.168.17.42"} becomes
     * {@code "192.168.17.0"}) and an IPv6 address to its /48, the usual size of one site's allocation, in RFC 5952
     * canonical form ({@code "2001:0db8:85a3:0000:0000:8a2e:0370:7334"} becomes {@code "2001:db8:85a3::"}). A zone
     * id ({@code %eth0}) is dropped, since it names a host's interface. Anything that is not an address (see
     * {@link IpAddresses}) is masked whole with {@link #mask}.
     */
    public static Slice maskIp(Slice value)
    {
        if (value == null) {
            return null;
        }
        ByteChars chars = ByteChars.of(value);
        long ipv4 = IpAddresses.parseIpv4(chars);
        if (ipv4 >= 0) {
            return IpText.ipv4(ipv4 & 0xFFFF_FF00L);
        }
        int[] groups = new int[8];
        if (IpAddresses.parseIpv6(chars, groups)) {
            for (int i = 3; i < 8; i++) {
                groups[i] = 0;
            }
            return IpText.ipv6(groups);
        }
        return mask(value);
    }

    // for ASCII values already validated by a shape check
    private static Slice maskDigitsButLast(Slice value, int keep)
    {
        int length = value.length();
        int digits = 0;
        for (int i = 0; i < length; i++) {
            byte b = value.getByte(i);
            if (b >= '0' && b <= '9') {
                digits++;
            }
        }
        byte[] out = value.getBytes();
        int hide = digits - keep;
        for (int i = 0; i < length && hide > 0; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = 'X';
                hide--;
            }
        }
        return Slices.wrappedBuffer(out);
    }

    private static Slice wrap(byte[] out, int length)
    {
        return length == out.length ? Slices.wrappedBuffer(out) : Slices.wrappedBuffer(out, 0, length);
    }
}
