package dev.floe.masking.detect;

import io.airlift.slice.Slice;

import static io.airlift.slice.SliceUtf8.lengthOfCodePoint;
import static io.airlift.slice.SliceUtf8.tryGetCodePointAt;

/**
 * Absolute web and FTP URLs, for detection. A sensitive URL is one that names a host, so only the
 * {@code http}, {@code https} and {@code ftp} schemes with an authority count.
 */
final class Urls
{
    private Urls() {}

    /**
     * Whether {@code value[from, to)} is {@code scheme://[userinfo@]host[:port][/path][?query][#fragment]}: scheme
     * http, https or ftp (any case); host a DNS name of letters, digits and inner hyphens, or an IPv4 address, or an
     * IPv6 address in brackets; port 0 to 65535; and the rest free of whitespace and control characters and valid
     * UTF-8.
     */
    static boolean isUrl(Slice value, int from, int to)
    {
        int authority = schemeEnd(value, from, to);
        if (authority < 0) {
            return false;
        }
        int authorityEnd = authority;
        int at = -1;
        while (authorityEnd < to) {
            byte b = value.getByte(authorityEnd);
            if (b == '/' || b == '?' || b == '#') {
                break;
            }
            if (b == '@') {
                at = authorityEnd;
            }
            authorityEnd++;
        }
        int host = at >= 0 ? at + 1 : authority;
        if (!isHostAndPort(value, host, authorityEnd)) {
            return false;
        }
        // the user info and everything after the authority: printable, valid UTF-8
        return isPrintable(value, authority, host) && isPrintable(value, authorityEnd, to);
    }

    private static int schemeEnd(Slice value, int from, int to)
    {
        int colon = -1;
        for (int i = from; i < to && i - from <= 5; i++) {
            if (value.getByte(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0 || colon + 3 > to || value.getByte(colon + 1) != '/' || value.getByte(colon + 2) != '/') {
            return -1;
        }
        boolean known = isScheme(value, from, colon, "http") || isScheme(value, from, colon, "https") || isScheme(value, from, colon, "ftp");
        return known ? colon + 3 : -1;
    }

    private static boolean isScheme(Slice value, int from, int to, String lowerCaseScheme)
    {
        if (to - from != lowerCaseScheme.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            // ASCII letters only differ in bit 0x20
            if ((value.getByte(i) | 0x20) != lowerCaseScheme.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostAndPort(Slice value, int from, int to)
    {
        if (from >= to) {
            return false;
        }
        int hostEnd;
        if (value.getByte(from) == '[') {
            int close = from + 1;
            while (close < to && value.getByte(close) != ']') {
                close++;
            }
            if (close == to || !IpAddresses.isIpv6(ByteChars.of(value, from + 1, close))) {
                return false;
            }
            hostEnd = close + 1;
        }
        else {
            hostEnd = from;
            while (hostEnd < to && value.getByte(hostEnd) != ':') {
                hostEnd++;
            }
            if (!isHostName(value, from, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == to) {
            return true;
        }
        if (value.getByte(hostEnd) != ':' || to - hostEnd - 1 < 1 || to - hostEnd - 1 > 5) {
            return false;
        }
        int port = 0;
        for (int i = hostEnd + 1; i < to; i++) {
            int digit = value.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            port = port * 10 + digit;
        }
        return port <= 65535;
    }

    // DNS labels (LDH), which also covers a dotted-quad IPv4 address
    private static boolean isHostName(Slice value, int from, int to)
    {
        if (from >= to || to - from > 253) {
            return false;
        }
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            byte b = i < to ? value.getByte(i) : (byte) '.';
            if (b == '.') {
                if (i == labelStart || i - labelStart > 63 || value.getByte(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            }
            else if (b == '-') {
                if (i == labelStart) {
                    return false;
                }
            }
            else if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(Slice value, int from, int to)
    {
        int i = from;
        while (i < to) {
            int codePoint = tryGetCodePointAt(value, i);
            if (codePoint < 0 || codePoint <= ' ' || Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                return false;
            }
            i += lengthOfCodePoint(codePoint);
        }
        return i == to;
    }
}
