package dev.floe.masking.detect;

import static dev.floe.masking.detect.IpAddresses.hexDigit;

/**
 * Fixed-layout hexadecimal identifiers: UUIDs and MAC addresses.
 */
final class Identifiers
{
    private Identifiers() {}

    /** The RFC 9562 text form {@code 8-4-4-4-12} hex digits, either case, any version. */
    static boolean isUuid(CharSequence value)
    {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : hexDigit(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * IEEE 802 MAC-48 addresses: six hex pairs separated by all colons or all dashes
     * ({@code 00:1a:2b:3c:4d:5e}), or Cisco's three dot-separated groups of four ({@code 001a.2b3c.4d5e}).
     */
    static boolean isMac(CharSequence value)
    {
        int length = value.length();
        if (length == 17) {
            char separator = value.charAt(2);
            if (separator != ':' && separator != '-') {
                return false;
            }
            for (int i = 0; i < 17; i++) {
                char c = value.charAt(i);
                boolean ok = i % 3 == 2 ? c == separator : hexDigit(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        if (length == 14) {
            for (int i = 0; i < 14; i++) {
                char c = value.charAt(i);
                boolean ok = i == 4 || i == 9 ? c == '.' : hexDigit(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
