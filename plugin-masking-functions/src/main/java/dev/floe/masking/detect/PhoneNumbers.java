package dev.floe.masking.detect;

/**
 * Phone numbers as written by people: up to 15 digits (the ITU-T E.164 maximum) with the usual separators.
 */
public final class PhoneNumbers
{
    public static final int MIN_DIGITS = 7;
    public static final int MAX_DIGITS = 15;
    // generous: separators and parentheses between up to 15 digits
    private static final int MAX_LENGTH = 4 * MAX_DIGITS;

    private PhoneNumbers() {}

    /**
     * Whether {@code value} consists only of digits and the characters {@code + ( ) - . /} and space, with 7 to 15
     * digits. This is deliberately loose, for masking: it keeps the layout of any such value and hides its digits.
     */
    public static boolean isShaped(CharSequence value)
    {
        if (value == null || value.length() < MIN_DIGITS || value.length() > MAX_LENGTH) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
            else if (!isSeparator(c) && c != '+' && c != '(' && c != ')') {
                return false;
            }
        }
        return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
    }

    /**
     * Whether {@code value} is likely a phone number, for detection. Stricter than {@link #isShaped}, because
     * many non-phone values are digits with dots or dashes:
     * <ul>
     * <li>7 to 15 digits; {@code +} only first; parentheses hold only digits and do not nest;
     * separators ({@code - . /} and space) are single and sit between digits or parentheses;
     * the value ends with a digit;</li>
     * <li>and it starts with {@code +}, or uses parentheses, dashes or spaces, or is a bare run of 10 to 15
     * digits (a shorter bare number is more often an id or an amount);</li>
     * <li>and, unless it starts with {@code +} or uses parentheses, it is not three digit groups shaped like a
     * date (4-2-2 or 2-2-4) or like a US SSN (3-2-4): an SSN-shaped value that is not a valid SSN is a test or
     * made-up number, not a phone number.</li>
     * </ul>
     */
    public static boolean looksLikePhone(CharSequence value)
    {
        if (value == null || value.length() < MIN_DIGITS || value.length() > MAX_LENGTH) {
            return false;
        }
        int length = value.length();
        boolean plus = value.charAt(0) == '+';
        boolean structured = plus;
        boolean inParentheses = false;
        boolean parentheses = false;
        boolean anySeparator = false;
        int digits = 0;
        int groups = 0;
        int groupDigits = 0;
        // sizes of the first three digit groups, for the date and SSN checks
        int first = 0;
        int second = 0;
        int third = 0;
        char previous = plus ? '+' : 0;
        for (int i = plus ? 1 : 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                groupDigits++;
            }
            else {
                if (groupDigits > 0) {
                    groups++;
                    if (groups == 1) {
                        first = groupDigits;
                    }
                    else if (groups == 2) {
                        second = groupDigits;
                    }
                    else if (groups == 3) {
                        third = groupDigits;
                    }
                    groupDigits = 0;
                }
                if (c == '(') {
                    if (inParentheses || previous == '(' || previous == ')') {
                        return false;
                    }
                    inParentheses = true;
                    parentheses = true;
                    structured = true;
                }
                else if (c == ')') {
                    if (!inParentheses || !isDigit(previous)) {
                        return false;
                    }
                    inParentheses = false;
                }
                else if (isSeparator(c)) {
                    if (inParentheses || !(isDigit(previous) || previous == ')')) {
                        return false;
                    }
                    anySeparator = true;
                    structured |= c == '-' || c == ' ';
                }
                else {
                    return false;
                }
            }
            previous = c;
        }
        if (!isDigit(previous) || inParentheses || digits < MIN_DIGITS || digits > MAX_DIGITS) {
            return false;
        }
        groups++;
        if (groups == 3) {
            third = groupDigits;
        }
        if (!plus && !anySeparator && !structured) {
            // bare digits
            return digits >= 10;
        }
        if (!structured) {
            return false;
        }
        if (plus || parentheses || groups != 3) {
            return true;
        }
        boolean dateShaped = (first == 4 && second == 2 && third == 2) || (first == 2 && second == 2 && third == 4);
        boolean ssnShaped = first == 3 && second == 2 && third == 4;
        return !dateShaped && !ssnShaped;
    }

    private static boolean isSeparator(char c)
    {
        return c == '-' || c == '.' || c == ' ' || c == '/';
    }

    private static boolean isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }
}
