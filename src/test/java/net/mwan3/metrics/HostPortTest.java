package net.mwan3.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesIpv4HostnameAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 9184), HostPort.parse("127.0.0.1:9184"));
        assertEquals(new HostPort("localhost", 80), HostPort.parse("localhost:80"));
        assertEquals(new HostPort("::1", 9184), HostPort.parse("[::1]:9184"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9184", ":9184", "127.0.0.1:", "127.0.0.1:x", "::1:9184", "127.0.0.1:70000"})
    void rejectsMalformedValues(String value) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(value));
    }
}
