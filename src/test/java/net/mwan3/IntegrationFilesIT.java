package net.mwan3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenWrt and systemd files: shell syntax, what the thin scripts forward, and mwan3-install
 * run with DESTDIR into a temporary root. Runs after {@code package} because it needs target/dist
 * (system property {@code mwan3.dist}); needs {@code sh}, not root.
 */
class IntegrationFilesIT {
    private static Path dist;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void findDist() {
        String p = System.getProperty("mwan3.dist");
        assertNotNull(p, "system property mwan3.dist is not set (run with mvn verify)");
        dist = Path.of(p);
        assertTrue(Files.isRegularFile(dist.resolve("bin/mwan3-install")), "no built dist at " + dist);
    }

    private static Run run(Map<String, String> env, String stdin, String... cmd) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("it-out", ".txt");
        Path err = Files.createTempFile("it-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        return run(Map.of(), "", cmd);
    }

    private Path script(String name, String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        assertTrue(f.toFile().setExecutable(true));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"init.d/mwan3", "hotplug.d/iface/15-mwan3", "src/dist/openwrt/libexec/luci-mwan3",
        "src/dist/bin/mwan3-install", "src/dist/bin/mwan3", "src/dist/bin/mwan3d", "src/dist/examples/mwan3.user"})
    void shellFilesParse(String file) throws Exception {
        assertTrue(Files.isRegularFile(Path.of(file)), file);
        Run r = run("sh", "-n", file);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void initScriptRunsTheDaemonUnderProcdAndReloadsInPlace() throws IOException {
        String s = Files.readString(Path.of("init.d/mwan3"));
        assertTrue(s.startsWith("#!/bin/sh /etc/rc.common\n"));
        assertTrue(s.contains("\nSTART=19\n") && s.contains("\nUSE_PROCD=1\n"));
        assertTrue(s.contains("procd_set_param command \"$PROG\" --config-dir /etc/config --state-dir \"$STATE_DIR\""));
        assertTrue(s.contains("procd_set_param respawn"));
        assertTrue(s.contains("procd_add_reload_trigger mwan3"));
        assertTrue(s.contains("\"$CLI\" --state-dir \"$STATE_DIR\" reload"));
    }

    @Test
    void hotplugForwardsToTheDaemonByLucisPath() throws IOException {
        String s = Files.readString(Path.of("hotplug.d/iface/15-mwan3"));
        assertTrue(s.contains("/usr/sbin/mwan3 --state-dir /var/run/mwan3 hotplug \"$ACTION\" \"$INTERFACE\" \"$DEVICE\""),
                s);
    }

    @Test
    void hotplugExitsZeroWithoutARunningDaemonOrForAnotherAction() throws Exception {
        script("uci", "echo interface");
        String path = tmp.resolve("fakebin") + ":/usr/bin:/bin";
        for (String action : List.of("ifup", "ifdown", "connected", "ifupdate")) {
            Run r = run(Map.of("PATH", path, "ACTION", action, "INTERFACE", "wan", "DEVICE", "eth1"), "",
                    "sh", "hotplug.d/iface/15-mwan3");
            assertEquals(0, r.code(), action + ": " + r.err());
        }
    }

    /** The marker is checked before anything that forks: a daemon that follows netifd costs an event no process. */
    @Test
    void hotplugStartsNothingWhileTheDaemonFollowsNetifd() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("hotplug.d/iface/15-mwan3"));
        int marker = lines.indexOf("[ -e /var/run/mwan3/" + net.mwan3.daemon.Main.NETIFD_MARKER + " ] && exit 0");
        int firstFork = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("$(") || lines.get(i).startsWith("/usr/sbin/mwan3 ")) {
                firstFork = i;
                break;
            }
        }
        assertTrue(marker > 0 && marker < firstFork, "marker check at line " + marker + ", first fork at " + firstFork);
    }

    @Test
    void aclGrantsWhatLuciAppMwan3Calls() throws Exception {
        JsonNode acl = new ObjectMapper().readTree(Path.of("src/dist/openwrt/acl.d/mwan3d.json").toFile()).path("mwan3d");
        assertEquals("status", acl.path("read").path("ubus").path("mwan3").path(0).asText());
        for (String cmd : List.of("/usr/sbin/mwan3 status", "/usr/sbin/mwan3 internal ipv4", "/usr/sbin/mwan3 internal ipv6",
                "/usr/libexec/luci-mwan3 diag * *", "/usr/libexec/luci-mwan3 ipset *")) {
            assertEquals("exec", acl.path("read").path("file").path(cmd).path(0).asText(), cmd);
        }
        for (String cmd : List.of("/usr/sbin/mwan3 ifup *", "/usr/sbin/mwan3 ifdown *")) {
            assertEquals("exec", acl.path("write").path("file").path(cmd).path(0).asText(), cmd);
        }
    }

    /**
     * The daemon's JVM options: share/jvm/mwan3d.options always, tunnel.options (C2) only when the config it
     * will read (--config-dir, default /etc/config) has a tunnel section; MWAN3D_JAVA_OPTS after both.
     */
    @Test
    void theLauncherAddsTheTunnelsJvmOptionsOnlyForAConfigWithATunnel() throws Exception {
        Path java = script("fake-java", "printf '%s\\n' \"$@\"");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("mwan3"),
                "config interface 'wan'\n\toption enabled '1'\n# config tunnel 'x'\n");
        Path bonded = Files.createDirectories(tmp.resolve("bonded"));
        Files.writeString(bonded.resolve("mwan3"),
                "config interface 'wan'\n\toption enabled '1'\n\n  config tunnel mp0\n");
        Map<String, String> env = Map.of("JAVA", java.toString(), "MWAN3D_JAVA_OPTS", "-Dextra=1");
        String launcher = dist.resolve("bin/mwan3d").toString();
        Path jvm = dist.resolve("share/jvm").toRealPath();

        List<String> without = run(env, "", "sh", launcher, "--config-dir", plain.toString()).out().lines().toList();
        assertEquals(jvm.resolve("mwan3d.options"), argFile(without.get(0)), without.toString());
        assertEquals("-Dextra=1", without.get(1), "no tunnel: no tunnel options, then the user's: " + without);
        assertEquals("net.mwan3.daemon.Main", without.get(4));
        assertEquals(List.of("--config-dir", plain.toString()), without.subList(5, 7));

        List<String> with = run(env, "", "sh", launcher, "--state-dir", "/run/x", "--config-dir", bonded.toString())
                .out().lines().toList();
        assertEquals(jvm.resolve("mwan3d.options"), argFile(with.get(0)), with.toString());
        assertEquals(jvm.resolve("tunnel.options"), argFile(with.get(1)), with.toString());
        assertEquals("-Dextra=1", with.get(2), "the user's options come last and win: " + with);
        String options = Files.readString(dist.resolve("share/jvm/tunnel.options"));
        assertTrue(options.contains("-XX:TieredStopAtLevel=4"), options);
    }

    private static Path argFile(String arg) throws IOException {
        assertTrue(arg.startsWith("@"), arg + " is not an @-file");
        return Path.of(arg.substring(1)).toRealPath();
    }

    private Run install(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", dist.resolve("bin/mwan3-install").toString()));
        cmd.addAll(List.of(args));
        return run(Map.of("DESTDIR", root.toString()), "", cmd.toArray(String[]::new));
    }

    @Test
    void installForOpenWrt() throws Exception {
        Path root = tmp.resolve("root");
        Path oldPlugin = Files.createDirectories(root.resolve("usr/libexec/rpcd")).resolve("mwan3");
        Files.writeString(oldPlugin, "#!/bin/sh\n# answers with mwan3d's JSON\n");
        Path theirs = root.resolve("usr/libexec/luci-mwan3");
        Files.writeString(theirs, "#!/bin/sh\n# luci-app-mwan3's\n");
        Run r = install(root, "--openwrt");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.isExecutable(root.resolve("opt/mwan3/bin/mwan3d")));
        assertTrue(Files.isRegularFile(root.resolve("opt/mwan3/lib/mwan3.jar")));
        assertEquals(Path.of("/opt/mwan3/bin/mwan3"), Files.readSymbolicLink(root.resolve("usr/sbin/mwan3")));
        assertEquals(Path.of("/opt/mwan3/bin/mwan3"), Files.readSymbolicLink(root.resolve("usr/bin/mwan3")));
        assertEquals(Path.of("/opt/mwan3/bin/mwan3d"), Files.readSymbolicLink(root.resolve("usr/bin/mwan3d")));
        assertSameFile(Path.of("init.d/mwan3"), root.resolve("etc/init.d/mwan3"));
        assertSameFile(Path.of("hotplug.d/iface/15-mwan3"), root.resolve("etc/hotplug.d/iface/15-mwan3"));
        assertSameFile(Path.of("src/dist/openwrt/libexec/luci-mwan3"), theirs);
        assertEquals("#!/bin/sh\n# luci-app-mwan3's\n", Files.readString(root.resolve("usr/libexec/luci-mwan3.luci-app-mwan3")));
        assertEquals(Files.readString(Path.of("src/dist/openwrt/acl.d/mwan3d.json")),
                Files.readString(root.resolve("usr/share/rpcd/acl.d/mwan3d.json")));
        assertFalse(Files.exists(oldPlugin), "our old JVM-per-call rpcd plugin is removed: " + r.out());
        assertTrue(Files.isExecutable(root.resolve("etc/mwan3.user")));
        assertFalse(Files.exists(root.resolve("etc/systemd")));

        Run check = run(dist.resolve("bin/mwan3").toString(), "check", "--config-dir",
                root.resolve("etc/config").toString());
        assertEquals(0, check.code(), "the example config must validate: " + check.out() + check.err());

        Run again = install(root, "--openwrt");
        assertEquals(0, again.code(), "an upgrade over our own links: " + again.out() + again.err());
    }

    @Test
    void aConfigHoldingATunnelIsMadeReadableByRootOnly() throws Exception {
        Path root = tmp.resolve("root-tunnel");
        Path config = Files.createDirectories(root.resolve("etc/config")).resolve("mwan3");
        Files.writeString(config, "config tunnel 'bond0'\n\toption role 'server'\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run r = install(root, "--openwrt");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config)), r.out());
    }

    @Test
    void installForOpenWrtRefusesWhileTheShellMwan3OwnsUsrSbinMwan3() throws Exception {
        Path root = tmp.resolve("root");
        Path shell = Files.createDirectories(root.resolve("usr/sbin")).resolve("mwan3");
        Files.writeString(shell, "#!/bin/sh\n. /lib/mwan3/mwan3.sh\n");
        Run r = install(root, "--openwrt");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("remove it first"), r.err());
        assertEquals("#!/bin/sh\n. /lib/mwan3/mwan3.sh\n", Files.readString(shell));
        assertFalse(Files.exists(root.resolve("opt/mwan3")), "nothing installed");
    }

    @Test
    void installForSystemdWithAnotherPrefixKeepsAnExistingConfig() throws Exception {
        Path root = tmp.resolve("root");
        Path config = Files.createDirectories(root.resolve("etc/config")).resolve("mwan3");
        Files.writeString(config, "config globals 'globals'\n");
        Files.writeString(root.resolve("etc/mwan3.user"), "#!/bin/sh\n# mine\n");
        Run r = install(root, "--prefix", "/opt/other", "--systemd");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("config globals 'globals'\n", Files.readString(config));
        assertEquals("#!/bin/sh\n# mine\n", Files.readString(root.resolve("etc/mwan3.user")));
        String unit = Files.readString(root.resolve("etc/systemd/system/mwan3d.service"));
        assertTrue(unit.contains("\nExecStart=/opt/other/bin/mwan3d "), unit);
        assertTrue(unit.contains("\nExecReload=/opt/other/bin/mwan3 "), unit);
        assertTrue(unit.contains("\nCapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW\n"), unit);
        assertFalse(unit.contains("/opt/mwan3/"), unit);
        assertTrue(Files.isExecutable(root.resolve("opt/other/bin/mwan3")));
        assertEquals(Path.of("/opt/other/bin/mwan3"), Files.readSymbolicLink(root.resolve("usr/bin/mwan3")));
        assertFalse(Files.exists(root.resolve("etc/init.d")));

        Run again = install(root, "--prefix", "/opt/other", "--systemd");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("kept existing " + config), again.out());
    }

    @Test
    void installRefusesASharedPrefixAndUnknownOptions() throws Exception {
        assertEquals(2, install(tmp.resolve("root"), "--prefix", "/usr").code());
        assertEquals(2, install(tmp.resolve("root"), "--prefix", "relative").code());
        assertEquals(2, install(tmp.resolve("root"), "--bogus").code());
        assertFalse(Files.exists(tmp.resolve("root")));
    }

    private static void assertSameFile(Path expected, Path actual) throws IOException {
        assertTrue(Files.isExecutable(actual), actual + " missing or not executable");
        assertEquals(Files.readString(expected), Files.readString(actual), actual.toString());
    }
}
