package net.mwan3.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void mwan3MultiportSyntax() {
        assertEquals(Optional.of(List.of(new PortRange(443, 443))), PortRange.parseList("443"));
        assertEquals(Optional.of(List.of(new PortRange(80, 80), new PortRange(443, 443))), PortRange.parseList("80,443"));
        assertEquals(Optional.of(List.of(new PortRange(1000, 2000))), PortRange.parseList("1000:2000"));
        assertEquals(Optional.of(List.of(new PortRange(1000, 2000), new PortRange(5, 5), new PortRange(7, 7))),
                PortRange.parseList("1000-2000, 5 7"), "dash ranges and blanks, which users write");
        assertEquals(Optional.of(List.of(new PortRange(0, 65535))), PortRange.parseList(" 0:65535 "));
        assertEquals(Optional.of(List.of(new PortRange(7, 7))), PortRange.parseList("7:7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "80,", ",80", "80,,443", "65536", "-1", "1:2:3", "2:1", "a", "1-", ":5",
        "123456", "\u0663"})
    void rejects(String text) {
        assertTrue(PortRange.parseList(text).isEmpty(), text);
    }

    @Test
    void toStringAndBounds() {
        assertEquals("443", new PortRange(443, 443).toString());
        assertEquals("1000-2000", new PortRange(1000, 2000).toString());
        assertThrows(IllegalArgumentException.class, () -> new PortRange(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new PortRange(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PortRange(1, 65536));
    }
}
