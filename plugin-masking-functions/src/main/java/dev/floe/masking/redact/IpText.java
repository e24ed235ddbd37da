package dev.floe.masking.redact;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

/**
 * Canonical text of IP addresses, written straight into one byte array.
 */
final class IpText
{
    private IpText() {}

    /** Dotted-quad decimal without leading zeros. */
    static Slice ipv4(long address)
    {
        byte[] out = new byte[15];
        int o = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            if (shift != 24) {
                out[o++] = '.';
            }
            int octet = (int) ((address >>> shift) & 0xFF);
            if (octet >= 100) {
                out[o++] = (byte) ('0' + octet / 100);
            }
            if (octet >= 10) {
                out[o++] = (byte) ('0' + octet / 10 % 10);
            }
            out[o++] = (byte) ('0' + octet % 10);
        }
        return Slices.wrappedBuffer(out, 0, o);
    }

    /**
     * RFC 5952 section 4: lower-case hex without leading zeros, and the longest run of two or more zero groups
     * (the first, on a tie) replaced by {@code ::}.
     */
    static Slice ipv6(int[] groups)
    {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        byte[] out = new byte[39];
        int o = 0;
        boolean colon = false;
        for (int i = 0; i < 8; ) {
            if (i == bestStart) {
                out[o++] = ':';
                out[o++] = ':';
                i += bestLength;
                colon = false;
                continue;
            }
            if (colon) {
                out[o++] = ':';
            }
            int group = groups[i];
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                int digit = (group >>> shift) & 0xF;
                if (digit != 0 || started || shift == 0) {
                    out[o++] = (byte) (digit < 10 ? '0' + digit : 'a' + digit - 10);
                    started = true;
                }
            }
            colon = true;
            i++;
        }
        return Slices.wrappedBuffer(out, 0, o);
    }
}
