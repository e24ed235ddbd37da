package dev.floe.masking.detect;

/**
 * US Social Security Number validation: the format plus the number ranges the SSA never issues.
 */
public final class UsSsn
{
    private UsSsn() {}

    /**
     * Whether {@code value} is {@code ddd-dd-dddd}, {@code ddd dd dddd} or nine bare digits (one separator kind,
     * never mixed), without checking the number itself.
     */
    public static boolean isShaped(CharSequence value)
    {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length == 9) {
            return allDigits(value, 0, 9);
        }
        if (length != 11) {
            return false;
        }
        char separator = value.charAt(3);
        return (separator == '-' || separator == ' ')
                && value.charAt(6) == separator
                && allDigits(value, 0, 3)
                && allDigits(value, 4, 6)
                && allDigits(value, 7, 11);
    }

    /**
     * Whether {@code value} is {@linkplain #isShaped shaped} like an SSN and could have been issued: area (first
     * three digits) not 000, 666 or 900-999, group (middle two) not 00, serial (last four) not 0000, not all one
     * digit, and not one of the numbers made public in advertising or as examples (078-05-1120 from the Woolworth
     * wallet insert, 219-09-9999 from an SSA pamphlet, 123-45-6789).
     */
    public static boolean isValid(CharSequence value)
    {
        if (!isShaped(value)) {
            return false;
        }
        int skip = value.length() == 11 ? 1 : 0;
        int area = number(value, 0, 3);
        int group = number(value, 3 + skip, 5 + skip);
        int serial = number(value, 5 + 2 * skip, 9 + 2 * skip);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        int all = area * 1_000_000 + group * 10_000 + serial;
        if (all == 78_051_120 || all == 219_099_999 || all == 123_456_789) {
            return false;
        }
        // 111-11-1111 ... 888-88-8888 (000..., 666... and 999... already fail above)
        return all % 111_111_111 != 0;
    }

    private static boolean allDigits(CharSequence value, int from, int to)
    {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(CharSequence value, int from, int to)
    {
        int result = 0;
        for (int i = from; i < to; i++) {
            result = result * 10 + (value.charAt(i) - '0');
        }
        return result;
    }
}
