package net.mwan3.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.Assumptions;

import net.mwan3.lab.Netns;

/**
 * Gate for tests that need network namespaces. Where namespaces cannot be made (not root, no
 * iproute2) the test is skipped, unless {@code -Dmwan3.netns=required} (CI) turns that into a
 * failure: a skipped namespace test must never pass as a green run there.
 */
public final class NetnsSupport {
    private static Boolean available;

    private NetnsSupport() {
    }

    public static synchronized void assumeAvailable() {
        if (available == null) {
            available = Netns.available();
        }
        if (!available) {
            String why = "network namespaces unavailable (need root and iproute2)";
            if ("required".equals(System.getProperty("mwan3.netns"))) {
                fail(why + " but -Dmwan3.netns=required");
            }
            Assumptions.abort(why);
        }
    }

    /** Removes a test's work directory and everything below it (deepest first); a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
