package dev.floe.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TestIban
{
    // examples from the SWIFT IBAN registry
    @ParameterizedTest
    @ValueSource(strings = {
            "AD1200012030200359100100",
            "AE070331234567890123456",
            "AL47212110090000000235698741",
            "AT611904300234573201",
            "BE68539007547034",
            "BG80BNBG96611020345678",
            "BR1800360305000010009795493C1",
            "CH9300762011623852957",
            "CY17002001280000001200527600",
            "CZ6508000000192000145399",
            "DE89370400440532013000",
            "DK5000400440116243",
            "EE382200221020145685",
            "EG380019000500000000263180002",
            "ES9121000418450200051332",
            "FI2112345600000785",
            "FK88SC123456789012",
            "FR1420041010050500013M02606",
            "GB82WEST12345698765432",
            "GB29NWBK60161331926819",
            "GR1601101250000000012300695",
            "HN88CABF00000000000250005469",
            "HR1210010051863000160",
            "HU42117730161111101800000000",
            "IE29AIBK93115212345678",
            "IL620108000000099999999",
            "IS140159260076545510730339",
            "IT60X0542811101000000123456",
            "KW81CBKU0000000000001234560101",
            "LC55HEMM000100010012001200023015",
            "LI21088100002324013AA",
            "LT121000011101001000",
            "LU280019400644750000",
            "LY83002048000020100120361",
            "MC5811222000010123456789030",
            "MN121234123456789123",
            "MT84MALT011000012345MTLCAST001S",
            "NI45BAPR00000013000003558124",
            "NL91ABNA0417164300",
            "NO9386011117947",
            "OM810180000001299123456",
            "PL61109010140000071219812874",
            "PT50000201231234567890154",
            "QA58DOHB00001234567890ABCDEFG",
            "RO49AAAA1B31007593840000",
            "RU0204452560040702810412345678901",
            "SA0380000000608010167519",
            "SC18SSCB11010000000000001497USD",
            "SD2129010501234001",
            "SE4550000000058398257466",
            "SI56263300012039086",
            "SK3112000000198742637541",
            "SM86U0322509800000000270100",
            "SO211000001001000100141",
            "TR330006100519786457841326",
            "UA213223130000026007233566001",
            "VA59001123000012345678",
            "XK051212012345678906",
            "YE15CBYE0001018861234567891234",
            // print format and lower case
            "GB82 WEST 1234 5698 7654 32",
            "DE89 3704 0044 0532 0130 00",
            "fr14 2004 1010 0505 0001 3m02 606",
            "nl91abna0417164300"})
    void valid(String iban)
    {
        assertThat(Iban.isValid(iban)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GB82WEST12345698765433", // wrong check sum
            "GB28WEST12345698765432", // swapped check digits
            "GB82WEST12345698765423", // transposition
            "DE89370400440532013001",
            "GB82WEST1234569876543", // too short for GB
            "GB82WEST123456987654321", // too long for GB
            "DE8937040044053201300", // too short for DE
            "NL91ABNA04171643001",
            "XX82WEST12345698765432", // unknown country
            "US64SVBKUS6S3300958879",
            "AX2112345600000785", // Aland uses FI
            "1B82WEST12345698765432",
            "GBX2WEST12345698765432",
            "GB82WEST1234569876543!",
            "GB82-WEST-1234-5698-7654-32",
            " GB82WEST12345698765432",
            "GB82WEST12345698765432 ",
            "GB82  WEST 1234 5698 7654 32",
            "GB82WEST12345698765432GB82WEST12345698765432",
            "ÄB82WEST12345698765432",
            ""})
    void invalid(String iban)
    {
        assertThat(Iban.isValid(iban)).isFalse();
    }

    @Test
    void nonCanonicalCheckDigitsAreRejected()
    {
        // check digits are 98 - (n mod 97), i.e. 02..98; 00, 01 and 99 pass mod-97 for some numbers but are never issued
        assertThat(Iban.isValid(withCheckDigits(findBban(97), 97))).isTrue();
        assertThat(Iban.isValid(withCheckDigits(findBban(97), 0))).isFalse();
        assertThat(Iban.isValid(withCheckDigits(findBban(98), 98))).isTrue();
        assertThat(Iban.isValid(withCheckDigits(findBban(98), 1))).isFalse();
        assertThat(Iban.isValid(withCheckDigits(findBban(2), 2))).isTrue();
        assertThat(Iban.isValid(withCheckDigits(findBban(2), 99))).isFalse();
    }

    @Test
    void registryHas89Countries()
    {
        int countries = 0;
        for (char first = 'A'; first <= 'Z'; first++) {
            for (char second = 'A'; second <= 'Z'; second++) {
                int length = Iban.registryLength(first, second);
                if (length != 0) {
                    countries++;
                    assertThat(length).isBetween(Iban.MIN_LENGTH, Iban.MAX_LENGTH);
                }
            }
        }
        assertThat(countries).isEqualTo(89);
        assertThat(Iban.registryLength('D', 'E')).isEqualTo(22);
        assertThat(Iban.registryLength('N', 'O')).isEqualTo(15);
        assertThat(Iban.registryLength('R', 'U')).isEqualTo(33);
        assertThat(Iban.registryLength('U', 'S')).isZero();
        assertThat(Iban.registryLength('d', 'e')).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "gb00west123456", "ZZ00AAAAAAAAAA", "MT84 MALT 0110 0001 2345 MTLC AST0 01S"})
    void shaped(String value)
    {
        assertThat(Iban.isShaped(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST123", "GB82 WEST12345698765432", "GB82 WEST 1234 ", "G882WEST12345698765432", "GBA2WEST12345698765432", "GB82WEST1234569876543212345678901234", ""})
    void notShaped(String value)
    {
        assertThat(Iban.isShaped(value)).isFalse();
    }

    private static String findBban(int checkDigits)
    {
        for (long n = 10_000_000_000_000L; ; n++) {
            String bban = "WEST" + n;
            if (checkDigits(bban) == checkDigits) {
                return bban;
            }
        }
    }

    // the ISO 13616 computation, independently with BigInteger
    private static int checkDigits(String bban)
    {
        StringBuilder digits = new StringBuilder();
        for (char c : (bban + "GB00").toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    }

    private static String withCheckDigits(String bban, int checkDigits)
    {
        return "GB%02d%s".formatted(checkDigits, bban);
    }
}
