package net.mwan3.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1, IPV4",
        "0.0.0.0, 0.0.0.0, IPV4",
        "255.255.255.255, 255.255.255.255, IPV4",
        "010.000.002.001, 10.0.2.1, IPV4",
        "2001:DB8::1, 2001:db8::1, IPV6",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1, IPV6",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1, IPV6",
        "::, ::, IPV6",
        "::1, ::1, IPV6",
        "2606:4700:4700::1111, 2606:4700:4700::1111, IPV6",
        "::ffff:192.0.2.1, ::ffff:c000:201, IPV6",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8, IPV6",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1, IPV6",
    })
    void parsesAndFormatsRfc5952(String text, String formatted, Family family) {
        IpAddress a = ip(text);
        assertEquals(family, a.family());
        assertEquals(formatted, a.toString());
        assertEquals(a, ip(formatted), "the formatted text parses to the same address");
        assertEquals(a.hashCode(), ip(formatted).hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "1.2.3.4 ", "a.b.c.d", "1..2.3",
        "1234.0.0.1", "example.com", "localhost", "1:2", ":::", "1::2::3", "2001:db8::g", ".::1", "::1%eth0",
        "\u0663.0.0.1", "\u0663::1", "\uff11::1", "[::1]", "1:2:3:4:5:6:7:8:9"})
    void rejectsWithoutResolvingNames(String text) {
        assertTrue(IpAddress.parse(text).isEmpty(), text);
    }

    @Test
    void prefixLengthAndMasks() {
        assertEquals(24, ip("255.255.255.0").prefixLength());
        assertEquals(0, ip("0.0.0.0").prefixLength());
        assertEquals(32, ip("255.255.255.255").prefixLength());
        assertEquals(-1, ip("0.0.0.1").prefixLength());
        assertEquals(-1, ip("255.0.255.0").prefixLength());
        assertEquals(64, ip("ffff:ffff:ffff:ffff::").prefixLength());
        assertEquals(ip("255.255.240.0"), IpAddress.prefixMask(Family.IPV4, 20));
        assertEquals(ip("ffff:ff80::"), IpAddress.prefixMask(Family.IPV6, 25));
        assertEquals(ip("0.0.0.0"), IpAddress.prefixMask(Family.IPV4, 0));
        assertEquals(ip("192.0.2.0"), ip("192.0.2.77").and(ip("255.255.255.0")));
        assertEquals(ip("0.0.0.1"), ip("198.51.100.7").and(ip("0.0.0.1")));
    }

    @Test
    void bytesAreCopied() {
        byte[] raw = {(byte) 192, 0, 2, 1};
        IpAddress a = IpAddress.of(raw);
        raw[3] = 9;
        assertEquals("192.0.2.1", a.toString());
        a.bytes()[0] = 1;
        assertEquals("192.0.2.1", a.toString());
        assertEquals(Family.IPV6, IpAddress.of(new byte[16]).family());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.of(new byte[5]));
        assertNotEquals(IpAddress.of(new byte[4]), IpAddress.of(new byte[16]));
    }
}
