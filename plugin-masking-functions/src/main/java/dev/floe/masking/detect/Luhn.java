package dev.floe.masking.detect;

/**
 * The Luhn (mod 10) check digit algorithm of ISO/IEC 7812, used by payment card numbers.
 */
public final class Luhn
{
    private Luhn() {}

    /**
     * Whether {@code digits} passes the Luhn check. The caller strips separators first: any non-digit,
     * and the empty string, give {@code false}.
     */
    public static boolean isValid(CharSequence digits)
    {
        if (digits == null || digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            sum += doubleIt ? doubled(digit) : digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * Like {@link #isValid} but skips every occurrence of {@code separator}; at least one digit is required.
     */
    static boolean isValidIgnoring(CharSequence value, char separator)
    {
        int sum = 0;
        int digits = 0;
        for (int i = value.length() - 1; i >= 0; i--) {
            char c = value.charAt(i);
            if (c == separator) {
                continue;
            }
            int digit = c - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            sum += (digits & 1) == 1 ? doubled(digit) : digit;
            digits++;
        }
        return digits > 0 && sum % 10 == 0;
    }

    // the digit sum of 2 * digit
    private static int doubled(int digit)
    {
        int twice = digit * 2;
        return twice > 9 ? twice - 9 : twice;
    }
}
