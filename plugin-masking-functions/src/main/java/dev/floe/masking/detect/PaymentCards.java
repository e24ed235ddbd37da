package dev.floe.masking.detect;

/**
 * Payment card numbers (PANs) as ISO/IEC 7812 allows them: 12 to 19 digits.
 */
public final class PaymentCards
{
    public static final int MIN_DIGITS = 12;
    public static final int MAX_DIGITS = 19;

    private PaymentCards() {}

    /**
     * Whether {@code value} looks like a card number: 12 to 19 digits, either unbroken or split into groups by
     * single spaces or by single dashes (one kind per value), starting and ending with a digit. The Luhn check
     * digit is not verified, so a mistyped number is still recognized for masking.
     */
    public static boolean isShaped(CharSequence value)
    {
        return separatorIfShaped(value) >= 0;
    }

    /**
     * Whether {@code value} is {@linkplain #isShaped shaped} like a card number and passes the Luhn check.
     */
    public static boolean isValid(CharSequence value)
    {
        int separator = separatorIfShaped(value);
        return separator >= 0 && Luhn.isValidIgnoring(value, (char) separator);
    }

    /**
     * The separator ({@code ' '} or {@code '-'}), 0 if the digits are unbroken, or -1 if not shaped.
     */
    private static int separatorIfShaped(CharSequence value)
    {
        if (value == null) {
            return -1;
        }
        int length = value.length();
        if (length < MIN_DIGITS || length > 2 * MAX_DIGITS - 1) {
            return -1;
        }
        int separator = 0;
        int digits = 0;
        boolean afterDigit = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                afterDigit = true;
            }
            else if ((c == ' ' || c == '-') && afterDigit && (separator == 0 || separator == c)) {
                separator = c;
                afterDigit = false;
            }
            else {
                return -1;
            }
        }
        return afterDigit && digits >= MIN_DIGITS && digits <= MAX_DIGITS ? separator : -1;
    }
}
