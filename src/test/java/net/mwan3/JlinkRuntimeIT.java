package net.mwan3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.lab.Netns;
import net.mwan3.testing.NetnsSupport;

/**
 * The trimmed runtime of docs/install.md's OpenWrt recipe: its module list is what jdeps finds in
 * the distribution, and mwan3d (with the metrics endpoint, the module most easily forgotten) and
 * the CLI run on a jlink image of exactly those modules, picked up from the distribution's jre/,
 * first without a base CDS archive (as an image made for another platform comes), then after the
 * recipe's {@code java -Xshare:dump}. Built from this machine's JDK; a router's would come from a
 * musl JDK's jmods.
 */
class JlinkRuntimeIT {
    @TempDir
    Path tmp;

    static String documentedModules() throws IOException {
        Matcher m = Pattern.compile("--add-modules (\\S+)").matcher(Files.readString(Path.of("docs/install.md")));
        assertTrue(m.find(), "docs/install.md names the runtime's modules");
        return m.group(1);
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), argv + ":\n" + out);
        return out;
    }

    @Test
    void theDocumentedModulesAreWhatTheDaemonNeedsAndItRunsOnThem() throws Exception {
        NetnsSupport.assumeAvailable();
        Path jdk = Path.of(System.getProperty("java.home"));
        assertTrue(Files.isExecutable(jdk.resolve("bin/jlink")) && Files.isDirectory(jdk.resolve("jmods")),
                jdk + " is not a full JDK with jlink and jmods (Debian: apt-get install openjdk-17-jdk-headless)");
        Path dist = Path.of(System.getProperty("mwan3.dist", "target/dist")).toAbsolutePath();
        String modules = documentedModules();
        String deps = run(List.of(jdk.resolve("bin/jdeps").toString(), "--ignore-missing-deps", "--multi-release", "17",
                "--print-module-deps", "--class-path", dist.resolve("lib") + "/*", dist.resolve("lib/mwan3.jar").toString()));
        assertEquals(modules, deps.strip(), "jdeps' answer for target/dist/lib");

        Path copy = tmp.resolve("dist");
        run(List.of("cp", "-R", dist.toString(), copy.toString()));
        run(List.of(jdk.resolve("bin/jlink").toString(), "--add-modules", modules, "--strip-debug", "--no-man-pages",
                "--no-header-files", "--compress=2", "--output", copy.resolve("jre").toString()));

        try (Netns netns = new Netns("jre")) {
            String ns = netns.add("router");
            String isp = netns.add("isp");
            netns.veth(ns, "eth1", isp, "isp1");
            netns.exec(ns, "ip", "addr", "add", "198.18.1.2/24", "dev", "eth1");
            netns.exec(ns, "ip", "route", "add", "default", "via", "198.18.1.1");
            Path config = Files.createDirectories(tmp.resolve("config"));
            Files.writeString(config.resolve("mwan3"), "config globals 'globals'\n\toption metrics_listen '127.0.0.1:9184'\n"
                    + "config interface 'wan'\n\toption enabled '1'\n\toption device 'eth1'\n");
            Path state = tmp.resolve("state");
            Process d = netns.spawn(ns, tmp.resolve("mwan3d.log"), copy.resolve("bin/mwan3d").toString(), "--config-dir",
                    config.toString(), "--state-dir", state.toString(), "--user-script", "/bin/true");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(state.resolve(ControlProtocol.SOCKET)) && d.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(d.isAlive(), Files.readString(tmp.resolve("mwan3d.log")));
            assertEquals(copy.resolve("jre/bin/java").toRealPath(), Path.of("/proc/" + d.pid() + "/exe").toRealPath(),
                    "the launcher ran the distribution's runtime");
            List<String> cli = new ArrayList<>(List.of("ip", "netns", "exec", ns, copy.resolve("bin/mwan3").toString(),
                    "--state-dir", state.toString(), "interfaces"));
            String first = run(cli);
            for (int i = 0; i < 50 && !first.contains(" interface wan "); i++) {
                Thread.sleep(100);
                first = run(cli);
            }
            assertTrue(first.startsWith("Interface status:\n interface wan is "),
                    "the CLI on the same runtime, which has no base CDS archive (as when made for another platform): " + first);
            run(List.of(copy.resolve("jre/bin/java").toString(), "-Xshare:dump"));
            for (int i = 0; i < 2; i++) {
                String again = run(cli);
                assertTrue(again.startsWith("Interface status:\n"), "after -Xshare:dump, run " + i + ": " + again);
            }
            assertTrue(Files.exists(copy.resolve("lib/mwan3-cli.jsa")), "the CLI's archive, written on top of the base one");
            String metrics = run(List.of("ip", "netns", "exec", ns, "bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/9184 && printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3"));
            assertTrue(metrics.contains("mwan3_interface_up"), metrics);
        }
    }
}
