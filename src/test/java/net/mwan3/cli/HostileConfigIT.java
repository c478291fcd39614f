package net.mwan3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.daemon.Reply;
import net.mwan3.kernel.KernelException;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.testing.HostileValues;
import net.mwan3.testing.NamespaceLab;

/**
 * Every hostile value, in every option that carries a name to nft, ip or a file, through {@code mwan3
 * check}, {@code reload} of a running daemon and a daemon's start, in a real router namespace: each is
 * refused with its file, line, section and option, and {@code nft list ruleset} and {@code ip rule}
 * show that nothing got in (the running table is intact; a refused start creates nothing).
 */
class HostileConfigIT {
    /** 32 bytes of base64, as {@code wg genpsk}/{@code wg genkey} print them. */
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static NamespaceLab lab;
    private static Topology topo;

    /** Where a hostile value goes: its file, the config text, and the option named in the error. */
    record Case(String target, String value, String mwan3, String network, String option) {
        String file() {
            return network != null ? "network" : "mwan3";
        }

        /** The 1-based line of the option holding the value, in its file. */
        int line() {
            // Split on newlines only: String.lines() would also split the hostile value holding a CR.
            List<String> lines = List.of((network != null ? network : mwan3).split("\n", -1));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).equals("\toption " + option + " " + HostileValues.uci(value))) {
                    return i + 1;
                }
            }
            throw new IllegalStateException("no option " + option);
        }
    }

    static final String BASE = String.join("\n",
            "config interface 'wan1'", "\toption enabled '1'", "\toption device 'eth1'",
            "config interface 'wan2'", "\toption enabled '1'", "\toption device 'eth2'",
            "config member 'm1'", "\toption interface 'wan1'", "config member 'm2'", "\toption interface 'wan2'",
            "config policy 'balanced'", "\tlist use_member 'm1'", "\tlist use_member 'm2'",
            "config rule 'all'", "\toption dest_ip '0.0.0.0/0'", "\toption use_policy 'balanced'", "");

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String v : HostileValues.NAMES) {
            String q = HostileValues.uci(v);
            out.add(new Case("interface device", v, BASE.replace("\toption device 'eth1'", "\toption device " + q),
                    null, "device"));
            out.add(new Case("src_iface", v, BASE + "config rule 'r'\n\toption use_policy 'balanced'\n"
                    + "\toption src_iface " + q + "\n", null, "src_iface"));
            if (!v.equals("abcdefghijklmnop")) { // a fine set name; the 70-character value is the long one
                out.add(new Case("ipset", v, BASE + "config rule 'r'\n\toption use_policy 'balanced'\n"
                        + "\toption ipset " + q + "\n", null, "ipset"));
            }
            out.add(new Case("tunnel device", v, BASE + "config tunnel 'srv'\n\toption role 'server'\n"
                    + "\toption key '" + KEY + "'\n\toption private_key '" + KEY + "'\n\toption peer_public_key '"
                    + KEY + "'\n\toption listen '127.0.0.1:7000'\n\toption device " + q
                    + "\n", null, "device"));
            if (!v.isBlank()) { // a blank device names none: the interface's name is its device
                out.add(new Case("network device", v, BASE.replace("\toption device 'eth1'\n", ""),
                        "config interface 'wan1'\n\toption proto 'dhcp'\n\toption device " + q + "\n", "device"));
            }
        }
        return out;
    }

    @BeforeAll
    static void network() throws IOException {
        lab = NamespaceLab.open("hos", 2);
        topo = lab.topology();
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    private static String kernel() {
        return topo.netns().exec(topo.router(), "nft", "list", "ruleset") + topo.netns().exec(topo.router(), "ip", "rule")
                + topo.netns().exec(topo.router(), "ip", "-6", "rule");
    }

    private static void write(Path configDir, Case c) throws IOException {
        Files.writeString(configDir.resolve("mwan3"), c.mwan3(), StandardCharsets.UTF_8);
        Path network = configDir.resolve("network");
        if (c.network() != null) {
            Files.writeString(network, c.network(), StandardCharsets.UTF_8);
        } else {
            Files.deleteIfExists(network);
        }
    }

    /** The located error every path must give: {@code <dir>/<file>:<line>:...section..., option '<option>'}. */
    private static void assertLocated(Case c, Path configDir, String text) {
        String where = configDir.resolve(c.file()) + ":" + c.line() + ":";
        assertTrue(text.contains(where) && text.contains("option '" + c.option() + "'"),
                c + ": expected an error at " + where + " naming option " + c.option() + ", got:\n" + text);
        assertTrue(text.chars().noneMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f), "printable: " + text);
    }

    @Test
    void checkAndReloadRefuseEachAndTheRunningTableStaysIntact() throws Exception {
        try (LabRouter router = new LabRouter(topo, BASE, lab.newDir("run"))) {
            await(router);
            String before = kernel();
            assertTrue(before.contains("table inet mwan3"), before);
            Path dir = router.configDir();
            int checked = 0;
            for (Case c : cases()) {
                write(dir, c);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = Main.run(List.of("check", "--config-dir", dir.toString()), new PrintStream(out, true,
                        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
                assertEquals(1, code, c + " passed mwan3 check: " + out);
                assertLocated(c, dir, err.toString(StandardCharsets.UTF_8));

                Reply r = router.call("reload");
                assertEquals(1, r.exitCode(), c + " reloaded: " + r.text());
                assertTrue(r.text().contains("the running configuration stays"), r.text());
                assertLocated(c, dir, r.text());
                checked++;
            }
            assertTrue(checked > 100, "every value in every option: " + checked);
            assertEquals(before, kernel(), "nothing got in; the table is intact");
            assertTrue(router.alive());
            assertTrue(router.status("interfaces").contains("interface wan1 is online"), router.status("interfaces"));
        }
    }

    @Test
    void aDaemonStartedOnEachRefusesToStartAndCreatesNothing() throws Exception {
        String before = kernel();
        assertFalse(before.contains("inet mwan3"), before);
        for (Case c : cases()) {
            if (!c.target().equals("interface device") && !c.value().equals("x\" accept #")) {
                continue; // every value as a device, one value in each other option: a start costs a JVM
            }
            Path run = lab.newDir("start");
            Path config = Files.createDirectories(run.resolve("config"));
            write(config, c);
            KernelException e = assertThrows(KernelException.class, () -> new LabRouter(topo, c.mwan3(), run).close(),
                    c + " started");
            assertTrue(e.getMessage().contains("mwan3d exited 1"), e.getMessage());
            assertLocated(c, config, e.getMessage());
            assertEquals(before, kernel(), c + ": a refused start creates nothing");
        }
    }

    private static void await(LabRouter router) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (router.status("interfaces").split("is online", -1).length == 3) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("did not come online:\n" + router.log());
    }
}
