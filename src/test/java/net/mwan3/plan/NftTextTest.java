package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one quoting helper: what the planner may write, and the refusal of everything else. */
class NftTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"eth0.2", "br-lan", "wan_b", "MWAN3(https) ", "@rule[2]", "mwan3/use_wan", ""})
    void quotesNamesThePlannerWrites(String value) {
        assertEquals("\"" + value + "\"", NftText.quote(value));
    }

    static java.util.stream.Stream<String> hostile() {
        return net.mwan3.testing.HostileValues.NAMES.stream().filter(v -> !v.matches("[A-Za-z0-9 ._:/()@\\[\\]-]*"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void refusesWhatItCannotQuoteSafely(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NftText.quote(value));
        assertTrue(e.getMessage().startsWith("refusing to write"), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "the message is printable: " + e);
    }
}
