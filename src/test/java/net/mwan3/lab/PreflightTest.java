package net.mwan3.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PreflightTest {

    @Test
    void namesEachMissingToolWithItsDebianPackageAndTheInstallLine() {
        String line = Preflight.missing(List.of(new Preflight.Tool("sh", "dash", "x"),
                new Preflight.Tool("mwan3-no-such-ping", "iputils-ping", "x"),
                new Preflight.Tool("mwan3-no-such-wg", "wireguard-tools", "x"),
                new Preflight.Tool("mwan3-no-such-wg-quick", "wireguard-tools", "x")));
        assertEquals("missing mwan3-no-such-ping (iputils-ping), mwan3-no-such-wg (wireguard-tools), "
                + "mwan3-no-such-wg-quick (wireguard-tools); on Debian: apt-get install -y iputils-ping wireguard-tools",
                line);
        assertNull(Preflight.missing(List.of(new Preflight.Tool("sh", "dash", "x"))));
    }

    /** The list the README's requirements and .ci/run must agree with. */
    @Test
    void checksEveryToolTheLabAndTheDaemonRun() {
        Set<String> programs = Preflight.TOOLS.stream().map(Preflight.Tool::program).collect(Collectors.toSet());
        assertTrue(programs.containsAll(Set.of("ip", "tc", "nft", "conntrack", "ping", "iperf3", "sysctl", "setsid",
                "wireguard-go", "wg")), programs.toString());
    }

    @Test
    void theReadmeAndCiNameEveryPackage() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String ci = java.nio.file.Files.readString(java.nio.file.Path.of(".ci/run"));
        for (Preflight.Tool t : Preflight.TOOLS) {
            assertTrue(readme.contains(t.debianPackage()), "README lacks " + t.debianPackage());
            assertTrue(ci.contains(t.program() + ":" + t.debianPackage()), ".ci/run lacks " + t.program());
        }
    }
}
