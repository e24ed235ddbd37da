package dev.floe.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TestIpAddresses
{
    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 0",
            "1.2.3.4, 16909060",
            "192.168.17.42, 3232239914",
            "255.255.255.255, 4294967295",
            "010.001.002.003, 167838211",
            "000.000.000.000, 0"})
    void ipv4(String text, long expected)
    {
        assertThat(IpAddresses.parseIpv4(text)).isEqualTo(expected);
        assertThat(IpAddresses.isIpv4(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "1..2.3", "256.1.1.1", "1.2.3.256", "1.2.3.999",
            "1.2.3.0004", "+1.2.3.4", "-1.2.3.4", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/24", "0x7f.0.0.1",
            "1.2.3.a", "١.٢.٣.٤", "127.1", "2130706433", "::1"})
    void notIpv4(String text)
    {
        assertThat(IpAddresses.parseIpv4(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2001:0db8:85a3:0000:0000:8a2e:0370:7334 | 2001 db8 85a3 0 0 8a2e 370 7334
            2001:db8:85a3::8a2e:370:7334            | 2001 db8 85a3 0 0 8a2e 370 7334
            2001:DB8::1                             | 2001 db8 0 0 0 0 0 1
            ::                                      | 0 0 0 0 0 0 0 0
            ::1                                     | 0 0 0 0 0 0 0 1
            1::                                     | 1 0 0 0 0 0 0 0
            1:2:3:4:5:6:7::                         | 1 2 3 4 5 6 7 0
            ::2:3:4:5:6:7:8                         | 0 2 3 4 5 6 7 8
            1:2:3:4:5:6:7:8                         | 1 2 3 4 5 6 7 8
            fe80::1%eth0                            | fe80 0 0 0 0 0 0 1
            fe80::1%25                              | fe80 0 0 0 0 0 0 1
            ::ffff:192.0.2.128                      | 0 0 0 0 0 ffff c000 280
            ::192.0.2.128                           | 0 0 0 0 0 0 c000 280
            1:2:3:4:5:6:1.2.3.4                     | 1 2 3 4 5 6 102 304
            64:ff9b::192.0.2.33                     | 64 ff9b 0 0 0 0 c000 221
            ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 | ffff ffff ffff ffff ffff ffff ffff ffff
            """)
    void ipv6(String text, String expected)
    {
        int[] groups = new int[8];
        assertThat(IpAddresses.parseIpv6(text, groups)).isTrue();
        assertThat(IpAddresses.isIpv6(text)).isTrue();
        String[] hex = expected.split(" ");
        for (int i = 0; i < 8; i++) {
            assertThat(groups[i]).as("group %s", i).isEqualTo(Integer.parseInt(hex[i], 16));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", ":", ":::", "1", "1:", ":1", "1:2", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8", "1::2::3", "1:::2", "12345::", "::12345", "g::", "::g", "1:2:3:4:5:6:7:8:",
            ":1:2:3:4:5:6:7:8", "1.2.3.4", "::1.2.3", "::1.2.3.4.5", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4:5", "::ffff:1a.2.3.4", "fe80::1%", "fe80::1%eth 0", "fe80::1%eth0%1", "%eth0",
            "[::1]", " ::1", "::1 ", "::1/128", "::１", "2001:db8::1 "})
    void notIpv6(String text)
    {
        assertThat(IpAddresses.parseIpv6(text, new int[8])).isFalse();
    }

    @Test
    void agreesWithTheJdkOnRandomForms()
            throws UnknownHostException
    {
        // InetAddress parses IPv6 literals without any lookup; zone ids (which it would resolve) are not generated
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            int[] expected = Ipv6Forms.randomGroups(random);
            String text = Ipv6Forms.randomForm(expected, random);
            int[] groups = new int[8];
            assertThat(IpAddresses.parseIpv6(text, groups)).as(text).isTrue();
            assertThat(groups).as(text).containsExactly(expected);
            assertThat(groups).as(text).containsExactly(jdkGroups(text));
        }
    }

    private static int[] jdkGroups(String text)
            throws UnknownHostException
    {
        byte[] bytes = InetAddress.getByName(text).getAddress();
        int[] groups = new int[8];
        if (InetAddress.getByName(text) instanceof Inet4Address) {
            // the JDK turns ::ffff:a.b.c.d into an IPv4 address
            groups[5] = 0xFFFF;
            groups[6] = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
            groups[7] = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
            return groups;
        }
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        return groups;
    }

    @Test
    void nullAndShortArrays()
    {
        assertThat(IpAddresses.parseIpv4(null)).isEqualTo(-1);
        assertThat(IpAddresses.parseIpv6(null, new int[8])).isFalse();
        assertThat(IpAddresses.parseIpv6("::1", new int[7])).isFalse();
        assertThat(IpAddresses.isIpv6("1".repeat(100_000))).isFalse();
        assertThat(IpAddresses.isIpv6("::1%" + "a".repeat(100_000))).isFalse();
    }
}
