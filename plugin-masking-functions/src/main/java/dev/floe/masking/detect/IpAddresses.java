package dev.floe.masking.detect;

/**
 * Hand-written parsers for textual IPv4 and IPv6 addresses, shared by detection and by the {@code mask_ip}
 * redaction.
 * <p>
 * {@link java.net.InetAddress#getByName} is not used on purpose: for anything that is not a literal address it
 * performs a DNS lookup, which a per-row SQL function must never do, and it accepts forms (such as a bare
 * integer) that are not addresses in a data column.
 */
public final class IpAddresses
{
    /** Longest IPv6 text without zone id: six full groups and an IPv4 tail. */
    private static final int MAX_IPV6_LENGTH = 45;
    private static final int MAX_ZONE_LENGTH = 64;

    private IpAddresses() {}

    /**
     * Parses a dotted-quad IPv4 address: four decimal octets 0 to 255 of one to three digits each (leading zeros
     * allowed and read as decimal), nothing else.
     *
     * @return the address as an unsigned 32-bit value, or -1 if {@code value} is not one
     */
    public static long parseIpv4(CharSequence value)
    {
        return value == null ? -1 : parseIpv4(value, 0, value.length());
    }

    public static boolean isIpv4(CharSequence value)
    {
        return parseIpv4(value) >= 0;
    }

    /**
     * Parses a textual IPv6 address per RFC 4291 section 2.2: eight groups of one to four hex digits, at most one
     * {@code ::} standing for one or more zero groups, an optional dotted-quad IPv4 tail for the last 32 bits,
     * and an optional zone id ({@code %eth0}, RFC 4007) which is validated and then ignored.
     *
     * @param groups receives the eight 16-bit groups on success; its contents are unspecified on failure
     * @return whether {@code value} is an IPv6 address
     */
    public static boolean parseIpv6(CharSequence value, int[] groups)
    {
        if (value == null || groups.length < 8) {
            return false;
        }
        int end = value.length();
        int percent = -1;
        for (int i = 0; i < end && i <= MAX_IPV6_LENGTH; i++) {
            if (value.charAt(i) == '%') {
                percent = i;
                break;
            }
        }
        if (percent >= 0) {
            if (!isZoneId(value, percent + 1, end)) {
                return false;
            }
            end = percent;
        }
        if (end < 2 || end > MAX_IPV6_LENGTH) {
            return false;
        }

        int count = 0;
        int compressAt = -1;
        int i = 0;
        if (value.charAt(0) == ':') {
            if (value.charAt(1) != ':') {
                return false;
            }
            compressAt = 0;
            i = 2;
        }
        while (i < end) {
            int start = i;
            int group = 0;
            while (i < end && i - start <= 4) {
                int digit = hexDigit(value.charAt(i));
                if (digit < 0) {
                    break;
                }
                group = (group << 4) | digit;
                i++;
            }
            if (i < end && value.charAt(i) == '.') {
                // dotted-quad tail: the last 32 bits
                long ipv4 = parseIpv4(value, start, end);
                if (ipv4 < 0 || count > 6) {
                    return false;
                }
                groups[count++] = (int) (ipv4 >>> 16);
                groups[count++] = (int) (ipv4 & 0xFFFF);
                i = end;
                break;
            }
            if (i == start || i - start > 4 || count == 8) {
                return false;
            }
            groups[count++] = group;
            if (i == end) {
                break;
            }
            if (value.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i == end) {
                // a single trailing colon
                return false;
            }
            if (value.charAt(i) == ':') {
                if (compressAt >= 0) {
                    return false;
                }
                compressAt = count;
                i++;
            }
        }
        if (compressAt < 0) {
            return count == 8;
        }
        if (count > 7) {
            return false;
        }
        int zeros = 8 - count;
        System.arraycopy(groups, compressAt, groups, compressAt + zeros, count - compressAt);
        for (int k = compressAt; k < compressAt + zeros; k++) {
            groups[k] = 0;
        }
        return true;
    }

    public static boolean isIpv6(CharSequence value)
    {
        return parseIpv6(value, new int[8]);
    }

    static long parseIpv4(CharSequence value, int from, int to)
    {
        if (to - from < 7 || to - from > 15) {
            return -1;
        }
        long address = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int octet = 0;
            int start = i;
            while (i < to && i - start < 3) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            if (i == start || octet > 255) {
                return -1;
            }
            address = (address << 8) | octet;
            octets++;
            if (octets == 4) {
                return i == to ? address : -1;
            }
            if (i == to || value.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c)
    {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // RFC 6874 unreserved characters, which covers interface names and numeric zone indexes
    private static boolean isZoneId(CharSequence value, int from, int to)
    {
        if (from >= to || to - from > MAX_ZONE_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
