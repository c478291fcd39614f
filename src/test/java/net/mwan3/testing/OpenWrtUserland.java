package net.mwan3.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real OpenWrt userland (ubusd, ubus, rpcd, uci, netifd, jsonfilter) that
 * {@code ../shared/openwrt-userland/build.sh} builds from upstream sources into
 * {@code $OPENWRT_USERLAND/root} (default {@code /var/tmp/openwrt-userland/root}). Built on first use
 * when missing (cached afterwards); where the checkout has no {@code ../shared} the tests that need
 * it are skipped with a message saying so, or fail under {@code -Dmwan3.netns=required}.
 */
public final class OpenWrtUserland {
    static final List<String> NEEDED = List.of("usr/sbin/ubusd", "usr/sbin/rpcd", "usr/sbin/netifd", "usr/bin/ubus",
            "usr/bin/uci", "usr/bin/jsonfilter", "usr/lib/rpcd/file.so", "usr/lib/netifd/netifd-proto.sh");
    private static Path root;

    private OpenWrtUserland() {
    }

    /** The built root (its {@code usr} is what a router has under /usr); builds, skips or fails as above. */
    public static synchronized Path root() {
        if (root != null) {
            return root;
        }
        NetnsSupport.assumeAvailable();
        Path out = Path.of(System.getenv().getOrDefault("OPENWRT_USERLAND", "/var/tmp/openwrt-userland"));
        Path r = out.resolve("root");
        if (!built(r)) {
            Path script = Path.of(System.getProperty("mwan3.sharedDir", "../shared"), "openwrt-userland", "build.sh")
                    .toAbsolutePath().normalize();
            if (!Files.isRegularFile(script)) {
                String why = "OpenWrt userland tests need " + script + " (../shared beside the checkout) or a build in "
                        + r + "; neither is here";
                if ("required".equals(System.getProperty("mwan3.netns"))) {
                    fail(why + " but -Dmwan3.netns=required");
                }
                Assumptions.abort(why);
            }
            build(script, out);
            if (!built(r)) {
                fail(script + " ran but " + r + " still lacks one of " + NEEDED);
            }
        }
        root = r;
        return r;
    }

    private static boolean built(Path r) {
        return NEEDED.stream().allMatch(p -> Files.exists(r.resolve(p)));
    }

    private static void build(Path script, Path out) {
        try {
            Path log = Files.createTempFile("openwrt-userland-build", ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("OPENWRT_USERLAND", out.toString());
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                fail(script + " failed; its output:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            fail("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while building the OpenWrt userland");
        }
    }
}
