package dev.floe.masking.detect;

import java.util.Random;

/**
 * Random textual forms of random IPv6 addresses: full, zero-padded, upper case, compressed anywhere a zero run
 * is, with an IPv4 tail. Test-only.
 */
public final class Ipv6Forms
{
    private Ipv6Forms() {}

    public static int[] randomGroups(Random random)
    {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = random.nextInt(3) == 0 ? random.nextInt(0x10000) : random.nextInt(4) == 0 ? random.nextInt(16) : 0;
        }
        return groups;
    }

    public static String randomForm(int[] groups, Random random)
    {
        boolean ipv4Tail = random.nextInt(4) == 0;
        int last = ipv4Tail ? 6 : 8;
        // pick a run of zero groups to compress, if any
        int compressStart = -1;
        int compressEnd = -1;
        if (random.nextBoolean()) {
            int start = random.nextInt(last);
            if (groups[start] == 0) {
                int end = start;
                while (end < last && groups[end] == 0 && (end == start || random.nextInt(4) != 0)) {
                    end++;
                }
                compressStart = start;
                compressEnd = end;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < last; i++) {
            if (i == compressStart) {
                text.append("::");
                i = compressEnd - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            String hex = Integer.toHexString(groups[i]);
            if (random.nextInt(3) == 0) {
                hex = "0".repeat(4 - hex.length()) + hex;
            }
            text.append(random.nextBoolean() ? hex.toUpperCase() : hex);
        }
        if (ipv4Tail) {
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(groups[6] >> 8).append('.').append(groups[6] & 0xFF).append('.')
                    .append(groups[7] >> 8).append('.').append(groups[7] & 0xFF);
        }
        return text.toString();
    }
}
