package dev.floe.masking.redact;

import dev.floe.masking.detect.Ipv6Forms;
import io.airlift.slice.Slice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Random;

import static dev.floe.masking.redact.TestStrings.bytes;
import static dev.floe.masking.redact.TestStrings.concat;
import static dev.floe.masking.redact.TestStrings.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class TestRedaction
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Jane Doe-42             | Xxxx Xxx-nn
            ""                      | ""
            " "                     | " "
            ABC-def_123!?           | XXX-xxx_nnn!?
            ÄÖÜ äöü ß               | XXX xxx x
            ǅemal                   | Xxxxx
            Ωμέγα                   | Xxxxx
            北京市 100000             | XXX nnnnnn
            東京都港区                 | XXXXX
            مرحبا ١٢٣               | XXXXX nnn
            שלום עולם               | XXXX XXXX
            x² ③ ½                  | xn n n
            Ⅻ                       | n
            👩‍💻 ok                   | 👩‍💻 xx
            ❤️ love                 | ❤️ xxxx
            नमस्ते                  | XXXxXx
            ªº                      | xx
            """)
    void mask(String input, String expected)
    {
        assertMasked(Redaction.mask(utf8(input)), expected);
    }

    @Test
    void maskCombiningAndSpecialCodePoints()
    {
        // e + combining acute: the accent is part of the letter's spelling, so it is masked too
        assertMasked(Redaction.mask(utf8("cafe\u0301")), "xxxxx");
        // Hebrew with points (combining marks)
        assertMasked(Redaction.mask(utf8("\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD")), "XxxXXxX");
        // bidi marks, zero-width joiner and tabs are kept
        assertMasked(Redaction.mask(utf8("\u200Fab\u200D\tC")), "\u200Fxx\u200D\tX");
        // private use and unassigned code points mean anything: masked
        assertMasked(Redaction.mask(utf8("\uE000\uF8FF")), "XX");
        assertMasked(Redaction.mask(utf8(new String(Character.toChars(0x10FFFD)))), "X");
        // a caseless symbol with a case mapping (circled letter) is masked as a letter
        assertMasked(Redaction.mask(utf8("Ⓐⓐ")), "Xx");
        // emoji with skin tone and flags are symbols: kept
        assertMasked(Redaction.mask(utf8("👍🏽🇩🇪")), "👍🏽🇩🇪");
        // astral letters and digits
        assertMasked(Redaction.mask(utf8("𝐀𝐚𝟏")), "Xxn");
    }

    @Test
    void maskInvalidUtf8()
    {
        // an invalid sequence becomes one X for its start byte; stray continuation bytes are dropped
        assertMasked(Redaction.mask(bytes('A', 0xC3, 0x28)), "XX(");
        assertMasked(Redaction.mask(bytes(0xFF)), "X");
        assertMasked(Redaction.mask(bytes(0xFE, 0xFF, 'a')), "XXx");
        assertMasked(Redaction.mask(bytes(0xF0, 0x9F, 0x98)), "X");
        assertMasked(Redaction.mask(bytes(0xF0, 0x9F, 0x98, 'z')), "Xx");
        assertMasked(Redaction.mask(bytes(0x80, 'a', 0xBF)), "x");
        // UTF-8-encoded surrogate and overlong forms are invalid too
        assertMasked(Redaction.mask(bytes('a', 0xED, 0xA0, 0x80)), "xX");
        assertMasked(Redaction.mask(bytes(0xC0, 0xAF)), "X");
        assertMasked(Redaction.mask(bytes(0xF4, 0x90, 0x80, 0x80)), "X");
        // valid characters around invalid ones are masked normally
        assertMasked(Redaction.mask(concat(utf8("é"), bytes(0xC3), utf8("5€"))), "xXn€");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            4111111111111111 | 4  | 4111nnnnnnnnnnnn
            abcd             | 3  | abcx
            abc              | 3  | xxx
            abc              | 4  | xxx
            abc              | 0  | xxx
            abc              | -1 | xxx
            ""               | 2  | ""
            Ümläut           | 2  | Ümxxxx
            日本語テキスト       | 2  | 日本XXXXX
            👩‍💻abc            | 3  | 👩‍💻xxx
            Jane Doe         | 5  | Jane Xxx
            """)
    void maskShowFirst(String input, long count, String expected)
    {
        assertMasked(Redaction.maskShowFirst(utf8(input), count), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            4111111111111111 | 4  | nnnnnnnnnnnn1111
            abcd             | 1  | xxxd
            abc              | 3  | xxx
            abc              | 9  | xxx
            abc              | 0  | xxx
            abc              | -7 | xxx
            ""               | 1  | ""
            Straße           | 3  | Xxxaße
            مرحبا            | 2  | XXXبا
            ab👩‍💻             | 3  | xx👩‍💻
            """)
    void maskShowLast(String input, long count, String expected)
    {
        assertMasked(Redaction.maskShowLast(utf8(input), count), expected);
    }

    @Test
    void showFirstAndLastNeverRevealWholeValue()
    {
        for (long count : new long[] {3, 4, 100, Integer.MAX_VALUE, Long.MAX_VALUE}) {
            assertMasked(Redaction.maskShowFirst(utf8("abc"), count), "xxx");
            assertMasked(Redaction.maskShowLast(utf8("abc"), count), "xxx");
        }
        assertMasked(Redaction.maskShowFirst(utf8("abc"), Long.MIN_VALUE), "xxx");
        assertMasked(Redaction.maskShowLast(utf8("abc"), Long.MIN_VALUE), "xxx");
    }

    @Test
    void showFirstAndLastWithInvalidUtf8()
    {
        // the kept part never copies invalid bytes either
        assertMasked(Redaction.maskShowFirst(bytes(0xFF, 'a', 'b'), 1), "Xxx");
        assertMasked(Redaction.maskShowLast(bytes('a', 'b', 0xFF), 1), "xxX");
        // a stray continuation byte counts as nothing, as in Trino's length()
        assertMasked(Redaction.maskShowFirst(bytes(0x80, 'a', 'b', 'c'), 2), "abx");
        assertMasked(Redaction.maskShowLast(bytes('a', 'b', 'c', 0x80), 2), "xbc");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            4111111111111111 | 0  | XXXX-XXXX-XXXX-   | 4  | XXXX-XXXX-XXXX-1111
            John Smith       | 1  | ***               | 1  | J***h
            abcdef           | 2  | ""                | 2  | abef
            abc              | 2  | -                 | 1  | -
            abc              | 3  | -                 | 0  | -
            abc              | 0  | -                 | 3  | -
            abc              | 0  | -                 | 0  | -
            abc              | -5 | *                 | -1 | *
            ""               | 0  | [hidden]          | 0  | [hidden]
            日本語テキスト       | 1  | …                 | 1  | 日…ト
            ab👩‍💻cd           | 1  | 🔒                | 2  | a🔒cd
            """)
    void maskPartial(String input, long prefix, String padding, long suffix, String expected)
    {
        assertThat(Redaction.maskPartial(utf8(input), prefix, utf8(padding), suffix).toStringUtf8()).isEqualTo(expected);
    }

    @Test
    void maskPartialEdgeCases()
    {
        // padding may be longer than the value: the SQL layer truncates
        assertThat(Redaction.maskPartial(utf8("abcdef"), 1, utf8("<redacted value>"), 1).toStringUtf8()).isEqualTo("a<redacted value>f");
        // huge counts must not overflow into revealing
        assertThat(Redaction.maskPartial(utf8("secret"), Long.MAX_VALUE, utf8("*"), Long.MAX_VALUE).toStringUtf8()).isEqualTo("*");
        assertThat(Redaction.maskPartial(utf8("secret"), Long.MAX_VALUE, utf8("*"), 0).toStringUtf8()).isEqualTo("*");
        assertThat(Redaction.maskPartial(utf8("secret"), 0, utf8("*"), Long.MAX_VALUE).toStringUtf8()).isEqualTo("*");
        assertThat(Redaction.maskPartial(utf8("secret"), 5, utf8("*"), 0).toStringUtf8()).isEqualTo("secre*");
        assertThat(Redaction.maskPartial(utf8("secret"), 0, utf8("*"), 5).toStringUtf8()).isEqualTo("*ecret");
        // a null padding is empty, invalid bytes in value or padding become X
        assertThat(Redaction.maskPartial(utf8("secret"), 1, null, 1).toStringUtf8()).isEqualTo("st");
        assertThat(Redaction.maskPartial(bytes(0xFF, 'b', 'c', 'd'), 1, bytes('*', 0xC3), 1).toStringUtf8()).isEqualTo("X*Xd");
        assertThat(Redaction.maskPartial(utf8("ab"), 1, bytes(0x80, 0xFF), 1).toStringUtf8()).isEqualTo("X");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            jane.doe@example.com                 | xxxx@example.com
            a.very.long.name@sub.example.co.uk   | xxxx@sub.example.co.uk
            jane+tag@EXAMPLE.COM                 | xxxx@EXAMPLE.COM
            Jörg.Müller@bücher.de                | xxxx@bücher.de
            用户名字@例子.中国                       | xxxx@例子.中国
            john:doe@example.com                 | xxxx@example.com
            abcd@x.io                            | xxxx@x.io
            abc@example.com                      | xxxx@example.com
            a@b.co                               | xxxx@b.co
            no-at-sign                           | xx-xx-xxxx
            two@@example.com                     | xxx@@xxxxxxx.xxx
            jane@doe@example.com                 | xxxx@xxx@xxxxxxx.xxx
            jane@localhost                       | xxxx@xxxxxxxxx
            jane@example..com                    | xxxx@xxxxxxx..xxx
            jane doe@example.com                 | xxxx xxx@xxxxxxx.xxx
            jane@exa mple.com                    | xxxx@xxx xxxx.xxx
            @example.com                         | @xxxxxxx.xxx
            jane@                                | xxxx@
            jane@.example.com                    | xxxx@.xxxxxxx.xxx
            jane@example.com.                    | xxxx@xxxxxxx.xxx.
            jane@-example.com                    | xxxx@-xxxxxxx.xxx
            jane@example-.com                    | xxxx@xxxxxxx-.xxx
            jane@[10.0.0.1]                      | xxxx@[nn.n.n.n]
            jane@exa_mple.com                    | xxxx@xxx_xxxx.xxx
            """)
    void maskEmail(String input, String expected)
    {
        assertMasked(Redaction.maskEmail(utf8(input)), expected);
    }

    @Test
    void maskEmailInvalidUtf8IsMalformed()
    {
        assertMasked(Redaction.maskEmail(concat(utf8("jane"), bytes(0xFF), utf8("@example.com"))), "xxxxX@xxxxxxx.xxx");
        assertMasked(Redaction.maskEmail(concat(utf8("jane@exam"), bytes(0xC3, 0x28), utf8("ple.com"))), "xxxx@xxxxX(xxx.xxx");
        // a control character in the local part
        assertMasked(Redaction.maskEmail(utf8("ja\tne@example.com")), "xx\txx@xxxxxxx.xxx");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            +1 (415) 555-0132         | +X (XXX) XXX-0132
            415.555.0132              | XXX.XXX.0132
            +44 20 7946 0958          | +XX XX XXXX 0958
            +49/30/1234567            | +XX/XX/XXX4567
            5550132                   | XXX0132
            +123456789012345          | +XXXXXXXXXXX2345
            555-013                   | nnn-nnn
            1234567890123456          | nnnnnnnnnnnnnnnn
            call 555-0132             | xxxx nnn-nnnn
            +1 415 555 0132 ext. 7    | +n nnn nnn nnnn xxx. n
            ""                        | ""
            """)
    void maskPhone(String input, String expected)
    {
        assertMasked(Redaction.maskPhone(utf8(input)), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            4111-1111-1111-1111       | XXXX-XXXX-XXXX-1111
            4111 1111 1111 1111       | XXXX XXXX XXXX 1111
            4111111111111111          | XXXXXXXXXXXX1111
            3782 822463 10005         | XXXX XXXXXX X0005
            4111111111111112          | XXXXXXXXXXXX1112
            6011000990139424000       | XXXXXXXXXXXXXXX4000
            4111-1111 1111-1111       | nnnn-nnnn nnnn-nnnn
            4111--1111-1111-1111      | nnnn--nnnn-nnnn-nnnn
            -4111111111111111         | -nnnnnnnnnnnnnnnn
            4111111111111111-         | nnnnnnnnnnnnnnnn-
            41111111111               | nnnnnnnnnnn
            41111111111111111111      | nnnnnnnnnnnnnnnnnnnn
            4111.1111.1111.1111       | nnnn.nnnn.nnnn.nnnn
            card 4111111111111111     | xxxx nnnnnnnnnnnnnnnn
            """)
    void maskCreditCard(String input, String expected)
    {
        assertMasked(Redaction.maskCreditCard(utf8(input)), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            123-45-6789               | XXX-XX-6789
            123 45 6789               | XXX XX 6789
            123456789                 | XXXXX6789
            999-00-0000               | XXX-XX-0000
            123-45 6789               | nnn-nn nnnn
            12-345-6789               | nn-nnn-nnnn
            1234567890                | nnnnnnnnnn
            123-45-678                | nnn-nn-nnn
            123/45/6789               | nnn/nn/nnnn
            """)
    void maskSsn(String input, String expected)
    {
        assertMasked(Redaction.maskSsn(utf8(input)), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            GB82 WEST 1234 5698 7654 32           | GBXX XXXX XXXX XXXX XX54 32
            GB82WEST12345698765432                | GBXXXXXXXXXXXXXXXX5432
            DE89370400440532013000                | DEXXXXXXXXXXXXXXXX3000
            de89370400440532013000                | deXXXXXXXXXXXXXXXX3000
            NO9386011117947                       | NOXXXXXXXXX7947
            MT84 MALT 0110 0001 2345 MTLC AST0 01S | MTXX XXXX XXXX XXXX XXXX XXXX XXX0 01S
            GB82WEST12345698765433                | GBXXXXXXXXXXXXXXXX5433
            GB82 WEST12345698765432               | XXnn XXXXnnnnnnnnnnnnnn
            GB82  WEST 1234 5698 7654 32          | XXnn  XXXX nnnn nnnn nnnn nn
            1282WEST12345698765432                | nnnnXXXXnnnnnnnnnnnnnn
            GBA2WEST12345698765432                | XXXnXXXXnnnnnnnnnnnnnn
            GB82WEST1234                          | XXnnXXXXnnnn
            GB82-WEST-1234-5698-7654-32           | XXnn-XXXX-nnnn-nnnn-nnnn-nn
            """)
    void maskIban(String input, String expected)
    {
        assertMasked(Redaction.maskIban(utf8(input)), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            192.168.17.42                              | 192.168.17.0
            10.0.0.1                                   | 10.0.0.0
            010.001.002.003                            | 10.1.2.0
            0.0.0.0                                    | 0.0.0.0
            255.255.255.255                            | 255.255.255.0
            2001:0db8:85a3:0000:0000:8a2e:0370:7334    | 2001:db8:85a3::
            2001:DB8::1                                | 2001:db8::
            2001:db8:0:1::1                            | 2001:db8::
            2001:0:1:2::                               | 2001:0:1::
            0:0:1:2:3:4:5:6                            | 0:0:1::
            1:2:3:4:5:6:7:8                            | 1:2:3::
            ::1                                        | ::
            ::                                         | ::
            fe80::1%eth0                               | fe80::
            fe80::a:b:c:d%25                           | fe80::
            ::ffff:192.0.2.128                         | ::
            64:ff9b:1:2:3:4:192.0.2.33                 | 64:ff9b:1::
            256.1.1.1                                  | nnn.n.n.n
            1.2.3                                      | n.n.n
            1.2.3.4.5                                  | n.n.n.n.n
            +1.2.3.4                                   | +n.n.n.n
            1.2.3.0004                                 | n.n.n.nnnn
            " 1.2.3.4"                                 | " n.n.n.n"
            2001:db8::1::2                             | nnnn:xxn::n::n
            2001:db8:::1                               | nnnn:xxn:::n
            12345::                                    | nnnnn::
            gggg::                                     | xxxx::
            1:2:3:4:5:6:7:8:9                          | n:n:n:n:n:n:n:n:n
            1:2:3:4:5:6:7                              | n:n:n:n:n:n:n
            fe80::1%                                   | xxnn::n%
            fe80::1%et h0                              | xxnn::n%xx xn
            [::1]                                      | [::n]
            ::ffff:300.0.2.128                         | ::xxxx:nnn.n.n.nnn
            localhost                                  | xxxxxxxxx
            """)
    void maskIp(String input, String expected)
    {
        assertMasked(Redaction.maskIp(utf8(input)), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::", "1::8", "a:b:c:d:e:f:1.2.3.4", "::1.2.3.4"})
    void maskIpAcceptsAllCompressionForms(String input)
    {
        assertThat(Redaction.maskIp(utf8(input)).toStringUtf8()).endsWith("::");
    }

    @Test
    void maskIpOfRandomIpv6FormsIsCanonicalAndNoLonger()
            throws Exception
    {
        Random random = new Random(48);
        for (int i = 0; i < 20_000; i++) {
            int[] groups = Ipv6Forms.randomGroups(random);
            String text = Ipv6Forms.randomForm(groups, random);
            String masked = Redaction.maskIp(utf8(text)).toStringUtf8();
            assertThat(masked.length()).as(text).isLessThanOrEqualTo(text.length());
            assertThat(masked).as(text).endsWith("::").isEqualTo(masked.toLowerCase(Locale.ROOT)).doesNotContain(":0:0:");
            assertThat(masked.indexOf("::")).as(text).isEqualTo(masked.lastIndexOf("::"));
            for (String group : masked.split(":")) {
                assertThat(group.length() <= 1 || group.charAt(0) != '0').as("%s: no leading zeros in %s", text, masked).isTrue();
            }
            // same /48, all else zero (a literal: no lookup)
            byte[] address = InetAddress.getByName(masked).getAddress();
            if (address.length == 16) {
                for (int g = 0; g < 8; g++) {
                    int value = ((address[2 * g] & 0xFF) << 8) | (address[2 * g + 1] & 0xFF);
                    assertThat(value).as("%s group %s", text, g).isEqualTo(g < 3 ? groups[g] : 0);
                }
            }
        }
    }

    @Test
    void nullInNullOut()
    {
        assertThat(Redaction.mask(null)).isNull();
        assertThat(Redaction.maskShowFirst(null, 1)).isNull();
        assertThat(Redaction.maskShowLast(null, 1)).isNull();
        assertThat(Redaction.maskPartial(null, 1, utf8("*"), 1)).isNull();
        assertThat(Redaction.maskEmail(null)).isNull();
        assertThat(Redaction.maskPhone(null)).isNull();
        assertThat(Redaction.maskCreditCard(null)).isNull();
        assertThat(Redaction.maskSsn(null)).isNull();
        assertThat(Redaction.maskIban(null)).isNull();
        assertThat(Redaction.maskIp(null)).isNull();
    }

    private static void assertMasked(Slice actual, String expected)
    {
        assertThat(TestStrings.isValidUtf8(actual)).as("valid UTF-8").isTrue();
        assertThat(actual.toStringUtf8()).isEqualTo(expected);
    }
}
