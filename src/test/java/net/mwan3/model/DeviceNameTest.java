package net.mwan3.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.HostileValues;

class DeviceNameTest {

    /** The runtime check and the schema's {@code device} type are one rule. */
    @Test
    void isTheSchemasDeviceType() throws IOException {
        String line = Files.readAllLines(Path.of("uci-schema/mwan3.schema")).stream()
                .filter(l -> l.startsWith("type device ")).findFirst().orElseThrow();
        assertTrue(line.substring("type device ".length()).trim().startsWith(DeviceName.REGEX + " "), line);
    }

    @Test
    void acceptsLinuxNamesAndRefusesEveryHostileOne() {
        for (String ok : new String[] {"eth0", "pppoe-wan", "wan.100", "wwan0_1", "abcdefghijklmno"}) {
            assertTrue(DeviceName.valid(ok), ok);
        }
        for (String bad : HostileValues.NAMES) {
            assertFalse(DeviceName.valid(bad), bad);
        }
        assertFalse(DeviceName.valid(null));
    }
}
