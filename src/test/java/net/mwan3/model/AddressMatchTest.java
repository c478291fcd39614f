package net.mwan3.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressMatchTest {

    private static AddressMatch match(String text) {
        return AddressMatch.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1, 32",
        "192.0.2.77/24, 192.0.2.0/24, 24",
        "0.0.0.0/0, 0.0.0.0/0, 0",
        "198.51.100.0/255.255.255.0, 198.51.100.0/24, 24",
        "0.0.0.0/0.0.0.1, 0.0.0.0/0.0.0.1, -1",
        "0.0.0.1/0.0.0.1, 0.0.0.1/0.0.0.1, -1",
        "203.0.113.9/0.0.0.1, 0.0.0.1/0.0.0.1, -1",
        "10.1.2.3/255.0.255.0, 10.0.2.0/255.0.255.0, -1",
        "::/0, ::/0, 0",
        "2001:db8::1, 2001:db8::1, 128",
        "2001:db8:1:2::/32, 2001:db8::/32, 32",
        "2001:db8::/ffff:ffff::, 2001:db8::/32, 32",
        "::1/::1, ::1/::1, -1",
    })
    void parsesPrefixesAndDottedMasks(String text, String shown, int prefix) {
        AddressMatch m = match(text);
        assertEquals(shown, m.toString());
        assertEquals(prefix, m.prefixLength());
        assertEquals(m, match(shown), "the shown form parses back to the same match");
    }

    @Test
    void networkIsMaskedAndFamilyKept() {
        AddressMatch odd = match("0.0.0.1/0.0.0.1");
        assertEquals("0.0.0.1", odd.network().toString());
        assertEquals("0.0.0.1", odd.mask().toString());
        assertEquals(Family.IPV4, odd.family());
        assertEquals(Family.IPV6, match("::/0").family());
        assertTrue(match("0.0.0.0/0").isAny());
        assertTrue(match("::/0").isAny());
        assertFalse(match("0.0.0.0/0.0.0.1").isAny());
        assertFalse(match("192.0.2.0/24").isAny());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/24", "192.0.2.0/", "192.0.2.0/33", "::/129", "192.0.2.0/-1", "192.0.2.0/24/1",
        "192.0.2.0/::", "::/255.0.0.0", "192.0.2.0/0024", "host/24", "192.0.2.0/255.255.255", " 192.0.2.0"})
    void rejects(String text) {
        assertTrue(AddressMatch.parse(text).isEmpty(), text);
    }

    @Test
    void familiesMustAgree() {
        IpAddress v4 = IpAddress.parse("192.0.2.1").orElseThrow();
        IpAddress v6 = IpAddress.parse("::").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new AddressMatch(v4, v6));
    }
}
