package dev.floe.masking.detect;

/**
 * IBAN validation per ISO 13616: the country's registered length and the ISO 7064 mod-97-10 check digits.
 * <p>
 * The per-country BBAN structure (which positions are digits) is not checked: length plus mod-97 already rejects
 * all single-character errors and almost all transpositions, which is what matters for detection.
 */
public final class Iban
{
    /** Longest IBAN of any registry country (Russia). */
    static final int MAX_LENGTH = 34;
    /** Shortest IBAN of any registry country (Norway). */
    static final int MIN_LENGTH = 15;

    private Iban() {}

    /**
     * Whether {@code value} is a valid IBAN: a country of the SWIFT IBAN registry, that country's length,
     * check digits 02 to 98 and a mod-97 remainder of 1. Letters may be lower case, and single spaces may
     * separate characters (the print format groups by four), but not lead or trail.
     */
    public static boolean isValid(CharSequence value)
    {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length < MIN_LENGTH || length > 2 * MAX_LENGTH - 1) {
            return false;
        }
        char[] chars = new char[MAX_LENGTH];
        int count = 0;
        boolean afterSpace = true;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                if (afterSpace) {
                    return false;
                }
                afterSpace = true;
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            else if (!(c >= 'A' && c <= 'Z') && !isDigit(c)) {
                return false;
            }
            if (count == MAX_LENGTH) {
                return false;
            }
            chars[count++] = c;
            afterSpace = false;
        }
        if (afterSpace || count < MIN_LENGTH) {
            return false;
        }
        if (!isDigit(chars[2]) || !isDigit(chars[3]) || registryLength(chars[0], chars[1]) != count) {
            return false;
        }
        // ISO 13616 computes the check digits as 98 - remainder, so 00, 01 and 99 are never issued
        int checkDigits = (chars[2] - '0') * 10 + (chars[3] - '0');
        if (checkDigits < 2 || checkDigits > 98) {
            return false;
        }
        // move the first four characters to the end; letters count as 10..35
        int remainder = 0;
        for (int i = 4; i < count + 4; i++) {
            char c = chars[i < count ? i : i - count];
            remainder = isDigit(c)
                    ? (remainder * 10 + (c - '0')) % 97
                    : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    /**
     * Whether {@code value} has the shape of an IBAN, without checking country, length table or check digits:
     * two letters, two digits and 10 to 30 letters or digits, either unbroken or in groups of four separated by
     * single spaces (the last group may be shorter). Letters may be lower case.
     */
    public static boolean isShaped(CharSequence value)
    {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length < 14 || length > MAX_LENGTH + (MAX_LENGTH - 1) / 4) {
            return false;
        }
        boolean spaced = length > 4 && value.charAt(4) == ' ';
        int count = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (spaced && i % 5 == 4) {
                if (c != ' ' || i == length - 1) {
                    return false;
                }
                continue;
            }
            boolean ok = count < 2 ? isLetter(c) : count < 4 ? isDigit(c) : isLetter(c) || isDigit(c);
            if (!ok) {
                return false;
            }
            count++;
        }
        return count >= 14 && count <= MAX_LENGTH;
    }

    /**
     * The IBAN length the SWIFT IBAN registry assigns to an upper-case country code, or 0 for a country
     * without IBANs. Territories that use their parent's code (Aland: FI; French overseas: FR; Crown
     * Dependencies: GB) have no entry of their own, as in the registry.
     */
    static int registryLength(char first, char second)
    {
        return switch ((first << 8) | second) {
            case ('A' << 8) | 'D' -> 24; // Andorra
            case ('A' << 8) | 'E' -> 23; // United Arab Emirates
            case ('A' << 8) | 'L' -> 28; // Albania
            case ('A' << 8) | 'T' -> 20; // Austria
            case ('A' << 8) | 'Z' -> 28; // Azerbaijan
            case ('B' << 8) | 'A' -> 20; // Bosnia and Herzegovina
            case ('B' << 8) | 'E' -> 16; // Belgium
            case ('B' << 8) | 'G' -> 22; // Bulgaria
            case ('B' << 8) | 'H' -> 22; // Bahrain
            case ('B' << 8) | 'I' -> 27; // Burundi
            case ('B' << 8) | 'R' -> 29; // Brazil
            case ('B' << 8) | 'Y' -> 28; // Belarus
            case ('C' << 8) | 'H' -> 21; // Switzerland
            case ('C' << 8) | 'R' -> 22; // Costa Rica
            case ('C' << 8) | 'Y' -> 28; // Cyprus
            case ('C' << 8) | 'Z' -> 24; // Czechia
            case ('D' << 8) | 'E' -> 22; // Germany
            case ('D' << 8) | 'J' -> 27; // Djibouti
            case ('D' << 8) | 'K' -> 18; // Denmark
            case ('D' << 8) | 'O' -> 28; // Dominican Republic
            case ('E' << 8) | 'E' -> 20; // Estonia
            case ('E' << 8) | 'G' -> 29; // Egypt
            case ('E' << 8) | 'S' -> 24; // Spain
            case ('F' << 8) | 'I' -> 18; // Finland (incl. Aland Islands)
            case ('F' << 8) | 'K' -> 18; // Falkland Islands
            case ('F' << 8) | 'O' -> 18; // Faroe Islands
            case ('F' << 8) | 'R' -> 27; // France (incl. overseas departments and territories)
            case ('G' << 8) | 'B' -> 22; // United Kingdom (incl. Guernsey, Isle of Man, Jersey)
            case ('G' << 8) | 'E' -> 22; // Georgia
            case ('G' << 8) | 'I' -> 23; // Gibraltar
            case ('G' << 8) | 'L' -> 18; // Greenland
            case ('G' << 8) | 'R' -> 27; // Greece
            case ('G' << 8) | 'T' -> 28; // Guatemala
            case ('H' << 8) | 'N' -> 28; // Honduras
            case ('H' << 8) | 'R' -> 21; // Croatia
            case ('H' << 8) | 'U' -> 28; // Hungary
            case ('I' << 8) | 'E' -> 22; // Ireland
            case ('I' << 8) | 'L' -> 23; // Israel
            case ('I' << 8) | 'Q' -> 23; // Iraq
            case ('I' << 8) | 'S' -> 26; // Iceland
            case ('I' << 8) | 'T' -> 27; // Italy
            case ('J' << 8) | 'O' -> 30; // Jordan
            case ('K' << 8) | 'W' -> 30; // Kuwait
            case ('K' << 8) | 'Z' -> 20; // Kazakhstan
            case ('L' << 8) | 'B' -> 28; // Lebanon
            case ('L' << 8) | 'C' -> 32; // Saint Lucia
            case ('L' << 8) | 'I' -> 21; // Liechtenstein
            case ('L' << 8) | 'T' -> 20; // Lithuania
            case ('L' << 8) | 'U' -> 20; // Luxembourg
            case ('L' << 8) | 'V' -> 21; // Latvia
            case ('L' << 8) | 'Y' -> 25; // Libya
            case ('M' << 8) | 'C' -> 27; // Monaco
            case ('M' << 8) | 'D' -> 24; // Moldova
            case ('M' << 8) | 'E' -> 22; // Montenegro
            case ('M' << 8) | 'K' -> 19; // North Macedonia
            case ('M' << 8) | 'N' -> 20; // Mongolia
            case ('M' << 8) | 'R' -> 27; // Mauritania
            case ('M' << 8) | 'T' -> 31; // Malta
            case ('M' << 8) | 'U' -> 30; // Mauritius
            case ('N' << 8) | 'I' -> 28; // Nicaragua
            case ('N' << 8) | 'L' -> 18; // Netherlands
            case ('N' << 8) | 'O' -> 15; // Norway
            case ('O' << 8) | 'M' -> 23; // Oman
            case ('P' << 8) | 'K' -> 24; // Pakistan
            case ('P' << 8) | 'L' -> 28; // Poland
            case ('P' << 8) | 'S' -> 29; // Palestine
            case ('P' << 8) | 'T' -> 25; // Portugal
            case ('Q' << 8) | 'A' -> 29; // Qatar
            case ('R' << 8) | 'O' -> 24; // Romania
            case ('R' << 8) | 'S' -> 22; // Serbia
            case ('R' << 8) | 'U' -> 33; // Russia
            case ('S' << 8) | 'A' -> 24; // Saudi Arabia
            case ('S' << 8) | 'C' -> 31; // Seychelles
            case ('S' << 8) | 'D' -> 18; // Sudan
            case ('S' << 8) | 'E' -> 24; // Sweden
            case ('S' << 8) | 'I' -> 19; // Slovenia
            case ('S' << 8) | 'K' -> 24; // Slovakia
            case ('S' << 8) | 'M' -> 27; // San Marino
            case ('S' << 8) | 'O' -> 23; // Somalia
            case ('S' << 8) | 'T' -> 25; // Sao Tome and Principe
            case ('S' << 8) | 'V' -> 28; // El Salvador
            case ('T' << 8) | 'L' -> 23; // Timor-Leste
            case ('T' << 8) | 'N' -> 24; // Tunisia
            case ('T' << 8) | 'R' -> 26; // Turkey
            case ('U' << 8) | 'A' -> 29; // Ukraine
            case ('V' << 8) | 'A' -> 22; // Vatican City
            case ('V' << 8) | 'G' -> 24; // British Virgin Islands
            case ('X' << 8) | 'K' -> 20; // Kosovo
            case ('Y' << 8) | 'E' -> 30; // Yemen
            default -> 0;
        };
    }

    private static boolean isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
