package dev.floe.masking.detect;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static io.airlift.slice.Slices.utf8Slice;
import static org.assertj.core.api.Assertions.assertThat;

class TestClassifier
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            123e4567-e89b-12d3-a456-426614174000        | UUID
            00000000-0000-0000-0000-000000000000        | UUID
            F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6        | UUID
            jane.doe@example.com                        | EMAIL
            Jane.Doe+news@mail.example.co.uk            | EMAIL
            jörg@bücher.de                              | EMAIL
            https://example.com/path?q=1#top            | URL
            HTTP://Example.COM                          | URL
            ftp://files.example.org:21/pub/file.txt     | URL
            http://[2001:db8::1]:8080/                  | URL
            https://user:secret@host.example.com/       | URL
            http://192.168.0.1/admin                    | URL
            https://example.com/?mail=jane@example.com  | URL
            https://example.com/wiki/Ünïcödé            | URL
            00:1A:2B:3C:4D:5E                           | MAC
            00-1a-2b-3c-4d-5e                           | MAC
            001a.2b3c.4d5e                              | MAC
            192.168.0.1                                 | IPV4
            8.8.8.8                                     | IPV4
            2001:db8::1                                 | IPV6
            fe80::1%eth0                                | IPV6
            ::ffff:192.0.2.1                            | IPV6
            2001:0db8:85a3:0000:0000:8a2e:0370:7334     | IPV6
            GB82 WEST 1234 5698 7654 32                 | IBAN
            DE89370400440532013000                      | IBAN
            fr1420041010050500013m02606                 | IBAN
            4111 1111 1111 1111                         | CREDIT_CARD
            4111-1111-1111-1111                         | CREDIT_CARD
            5555555555554444                            | CREDIT_CARD
            378282246310005                             | CREDIT_CARD
            6011111111111117                            | CREDIT_CARD
            536-22-1234                                 | US_SSN
            536 22 1234                                 | US_SSN
            536221234                                   | US_SSN
            +1 (415) 555-0132                           | PHONE
            +44 20 7946 0958                            | PHONE
            (415) 555-0132                              | PHONE
            415-555-0132                                | PHONE
            555-0132                                    | PHONE
            4155550132                                  | PHONE
            +14155550132                                | PHONE
            +49/30/1234567                              | PHONE
            +33 1.23.45.67.89                           | PHONE
            """)
    void classifies(String value, SensitiveType expected)
    {
        assertThat(Classifier.classifyOrNull(utf8Slice(value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // uuid near-misses
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567-e89b-12d3-a456-4266141740000",
            "g23e4567-e89b-12d3-a456-426614174000",
            "123e4567e89b12d3a456426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            // e-mail near-misses
            "jane.doe@example",
            "jane doe@example.com",
            "jane@doe@example.com",
            "jane@example..com",
            "jane@example.123",
            ".jane@example.com",
            "jane..doe@example.com",
            "@example.com",
            "jane@",
            // url near-misses
            "https://",
            "https:// example.com",
            "http://exa mple.com",
            "file:///etc/passwd",
            "mailto:jane@example.com",
            "https://example.com:99999/",
            "https://-example.com/",
            "https://example.com/a b",
            "www.example.com",
            // mac near-misses
            "00:1A:2B:3C:4D",
            "00:1A-2B:3C:4D:5E",
            "00:1A:2B:3C:4D:5G",
            "001A2B3C4D5E",
            // ipv4 near-misses
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "192.168.0.1/24",
            // ipv6 near-misses
            "2001:db8::1::2",
            "2001:db8:::1",
            "12345::1",
            "1:2:3:4:5:6:7",
            // iban near-misses
            "GB82WEST12345698765433",
            "DE8937040044053201300",
            "XX82WEST12345698765432",
            // credit card near-misses: Luhn-invalid, bad grouping, too long
            "4111111111111112",
            "4111 1111 1111 1112",
            "4111--1111-1111-1111",
            "41111111111111111111",
            // phone near-misses
            "555-013",
            "2024-01-15",
            "15-01-2024",
            "666-45-6789",
            "999-12-3456",
            "1.234.567",
            "12345678",
            "+1 415 555 0132 ext 7",
            "--5550132",
            "555-0132-",
            "(415 555-0132",
            "+1 ((415)) 555-0132",
            "1+4155550132",
            // nothing
            "hello world",
            "42",
            "",
            "   ",
            "\t\n"})
    void nearMisses(String value)
    {
        assertThat(Classifier.classifyOrNull(utf8Slice(value))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            378282246310006  | CREDIT_CARD
            999-12-3456      | US_SSN
            666-12-3456      | US_SSN
            123-45-6789      | US_SSN
            078-05-1120      | US_SSN
            123456789        | US_SSN
            """)
    void notOfType(String value, SensitiveType wrongType)
    {
        assertThat(Classifier.classifyOrNull(utf8Slice(value))).isNotEqualTo(wrongType);
    }

    @Test
    void trimsSurroundingWhitespace()
    {
        assertThat(Classifier.classifyOrNull(utf8Slice("  jane@example.com\t\r\n"))).isEqualTo(SensitiveType.EMAIL);
        assertThat(Classifier.classifyOrNull(utf8Slice("\n4111 1111 1111 1111 "))).isEqualTo(SensitiveType.CREDIT_CARD);
        assertThat(Classifier.classifyOrNull(utf8Slice("\u000B192.168.0.1\f"))).isEqualTo(SensitiveType.IPV4);
        // inner whitespace is not trimmed
        assertThat(Classifier.classifyOrNull(utf8Slice("192.168.0. 1"))).isNull();
    }

    @Test
    void mostSpecificTypeWins()
    {
        // a Luhn-valid card number is also a run of digits the phone check would accept
        assertThat(Classifier.classifyOrNull(utf8Slice("4111111111111111"))).isEqualTo(SensitiveType.CREDIT_CARD);
        // user info of a URL looks like an e-mail address
        assertThat(Classifier.classifyOrNull(utf8Slice("http://jane@example.com"))).isEqualTo(SensitiveType.URL);
        // a UUID is hex and dashes
        assertThat(Classifier.classifyOrNull(utf8Slice("12345678-1234-1234-1234-123456789012"))).isEqualTo(SensitiveType.UUID);
        // a valid SSN is nine digits with dashes, which would be a phone number otherwise
        assertThat(Classifier.classifyOrNull(utf8Slice("536-22-1234"))).isEqualTo(SensitiveType.US_SSN);
        // an SSN-shaped number that is not a valid SSN is a made-up number, not a phone number
        assertThat(Classifier.classifyOrNull(utf8Slice("999-12-3456"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("666 45 6789"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("+1 999-12-3456"))).isEqualTo(SensitiveType.PHONE);
    }

    @Test
    void longValuesAreSkipped()
    {
        assertThat(Classifier.classifyOrNull(utf8Slice(" ".repeat(2041) + "8.8.8.8"))).isEqualTo(SensitiveType.IPV4);
        assertThat(Classifier.classifyOrNull(utf8Slice(" ".repeat(2042) + "8.8.8.8"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("jane" + "x".repeat(3000) + "@example.com"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("1".repeat(1 << 20)))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("a@".repeat(1 << 19)))).isNull();
    }

    @Test
    void invalidUtf8AndOtherScripts()
    {
        assertThat(Classifier.classifyOrNull(bytes('j', 'a', 'n', 'e', 0xFF, '@', 'e', 'x', '.', 'c', 'o', 'm'))).isNull();
        assertThat(Classifier.classifyOrNull(bytes('j', 'a', 'n', 'e', '@', 'e', 0xC3, 0x28, '.', 'c', 'o', 'm'))).isNull();
        assertThat(Classifier.classifyOrNull(bytes('1', '9', '2', '.', '1', '6', '8', '.', '0', '.', 0xB1))).isNull();
        assertThat(Classifier.classifyOrNull(bytes(0xF0, 0x9F, 0x98))).isNull();
        assertThat(Classifier.classifyOrNull(bytes(0xFF))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("👩‍💻"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("مرحبا"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("שלום"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("電話番号"))).isNull();
        // non-ASCII digits are not phone digits
        assertThat(Classifier.classifyOrNull(utf8Slice("٤١٥-٥٥٥-٠١٣٢"))).isNull();
        assertThat(Classifier.classifyOrNull(utf8Slice("４１５-５５５-０１３２"))).isNull();
        assertThat(Classifier.classifyOrNull(null)).isNull();
    }

    @Test
    void randomInputNeverThrows()
    {
        Random random = new Random(1);
        String alphabet = "0123456789abcdefABCDEF@.:-+()/ %[]xyz";
        for (int i = 0; i < 100_000; i++) {
            byte[] value = new byte[random.nextInt(48)];
            for (int j = 0; j < value.length; j++) {
                value[j] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            Classifier.classifyOrNull(Slices.wrappedBuffer(value));
        }
    }

    @Test
    void labels()
    {
        assertThat(Arrays.stream(SensitiveType.values()).map(SensitiveType::label))
                .containsExactly("email", "phone", "credit_card", "iban", "us_ssn", "ipv4", "ipv6", "mac", "url", "uuid");
    }

    private static Slice bytes(int... values)
    {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return Slices.wrappedBuffer(result);
    }
}
