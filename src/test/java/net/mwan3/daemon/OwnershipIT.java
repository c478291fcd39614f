package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.testing.NamespaceLab;

/**
 * What mwan3d owns in a real router namespace, through start, reload, {@code mwan3 restart}, kill -9,
 * a start with fewer interfaces (with the journal, and without it) and stop: exactly what the config
 * says is there, nothing of an earlier run stays, and someone else's rules, tables, marks and nft
 * tables stay untouched, also where their numbers fall inside mwan3's ranges.
 */
class OwnershipIT {
    private static NamespaceLab lab;
    private static Topology topo;
    private LabRouter router;

    @BeforeAll
    static void network() throws IOException {
        lab = NamespaceLab.open("own", 3);
        topo = lab.topology();
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    /** {@code wans} untracked interfaces (online while up), a balanced policy over them, one rule. */
    static String config(int wans, String mask) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '" + mask + "'\n");
        StringBuilder policy = new StringBuilder("config policy 'balanced'\n");
        for (int k = 1; k <= wans; k++) {
            sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n\toption device 'eth")
                    .append(k).append("'\n");
            sb.append("config member 'm").append(k).append("'\n\toption interface 'wan").append(k).append("'\n");
            policy.append("\tlist use_member 'm").append(k).append("'\n");
        }
        return sb.append(policy).append("config rule 'all'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'balanced'\n")
                .toString();
    }

    private String sh(String... argv) {
        return topo.netns().exec(topo.router(), argv);
    }

    private void nft(String script) {
        topo.netns().runner(topo.router()).run(List.of("nft", "-f", "-"), script).orThrow();
    }

    /**
     * Someone else's objects: rules at 1500, at 1050 (another selector), at 2001 (a pref we use, another
     * mark and mask), at 3002 (our mark, another target); routes in tables 7 and 50 (and 3, looked up by
     * a foreign rule); nft tables fw4 (with a mark of its own) and a user's.
     */
    @BeforeEach
    void foreignObjects() {
        sh("ip", "rule", "add", "pref", "1500", "from", "192.0.2.0/24", "lookup", "7");
        sh("ip", "rule", "add", "pref", "1050", "from", "10.0.0.0/8", "lookup", "50");
        sh("ip", "rule", "add", "pref", "2001", "fwmark", "0x1/0x1", "lookup", "7");
        sh("ip", "rule", "add", "pref", "3002", "fwmark", "0x200/0x3f00", "lookup", "50");
        sh("ip", "-6", "rule", "add", "pref", "1500", "from", "2001:db8:77::/48", "lookup", "7");
        for (String t : new String[] {"7", "50"}) {
            sh("ip", "route", "add", "unreachable", "203.0.113.0/24", "table", t);
        }
        nft("table inet fw4 {\n chain mangle_forward {\n  type filter hook forward priority mangle; policy accept\n"
                + "  meta mark set meta mark | 0x1\n }\n}\n"
                + "table ip user {\n set blocked {\n  type ipv4_addr\n  elements = { 192.0.2.66 }\n }\n}\n");
    }

    @AfterEach
    void removeForeignObjects() {
        if (router != null) {
            router.close();
        }
        for (String r : new String[] {"pref 1500", "pref 1050", "pref 2001 fwmark 0x1/0x1", "pref 3002 fwmark 0x200/0x3f00"}) {
            topo.netns().run(topo.router(), ("ip rule del " + r).split(" "));
        }
        topo.netns().run(topo.router(), "ip", "-6", "rule", "del", "pref", "1500");
        for (String t : new String[] {"1", "2", "3", "7", "50"}) {
            topo.netns().run(topo.router(), "ip", "route", "flush", "table", t);
        }
        topo.netns().run(topo.router(), "nft", "delete", "table", "inet", "fw4");
        topo.netns().run(topo.router(), "nft", "delete", "table", "ip", "user");
        topo.netns().run(topo.router(), "nft", "delete", "table", "inet", "mwan3");
        for (int pref : new int[] {1001, 1002, 1003, 2001, 2002, 2003, 3001, 3002, 3003, 2061, 2062, 2253, 2254}) {
            while (topo.netns().run(topo.router(), "ip", "rule", "del", "pref", Integer.toString(pref)).ok()) {
                // empty it
            }
        }
    }

    /** The foreign objects as the kernel shows them. */
    private String foreign() {
        StringBuilder sb = new StringBuilder();
        for (String t : new String[] {"7", "50"}) {
            sb.append(sh("ip", "rule", "show", "table", t)).append(sh("ip", "-6", "rule", "show", "table", t))
                    .append(sh("ip", "route", "show", "table", t));
        }
        return sb + sh("nft", "list", "table", "inet", "fw4") + sh("nft", "list", "table", "ip", "user")
                + sh("nft", "list", "table", "inet", "lab_nat");
    }

    /** Every ip rule and route of tables 1..3, and whether table inet mwan3 exists: what is ours. */
    private String ours() {
        StringBuilder sb = new StringBuilder();
        for (String line : (sh("ip", "rule") + sh("ip", "-6", "rule")).lines().toList()) {
            if (line.matches("(1|2|3)0[0-9][0-9]:.*") && !line.contains("lookup 7") && !line.contains("lookup 50")) {
                sb.append(line).append('\n');
            }
        }
        for (String t : new String[] {"1", "2", "3"}) {
            sb.append("table ").append(t).append(": ").append(sh("ip", "route", "show", "table", t).lines().count())
                    .append(" route(s)\n");
        }
        return sb.append("inet mwan3: ").append(topo.netns().run(topo.router(), "nft", "list", "table", "inet",
                "mwan3").ok() ? "present" : "absent").append('\n').toString();
    }

    private LabRouter start(String uci, Path dir, int online) throws IOException {
        router = new LabRouter(topo, uci, dir);
        await(online + " online", () -> router.status("interfaces").split("is online", -1).length == online + 1);
        return router;
    }

    private void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            DaemonHarness.sleep(50);
        }
        throw new AssertionError("timed out: " + what + "\n" + ours() + "\n" + router.log());
    }

    @Test
    void startReloadRestartAndStopTouchOnlyOurs() throws IOException {
        String foreign = foreign();
        String empty = ours();
        start(config(3, "0x3F00"), lab.newDir("run"), 3);
        String three = ours();
        assertTrue(three.contains("1003:\tfrom all iif eth3 lookup 3") && three.contains("inet mwan3: present"), three);
        assertEquals(foreign, foreign(), "after start");

        router.writeConfig(config(2, "0x3F00"));
        assertEquals(0, router.call("reload").exitCode());
        await("wan3 gone", () -> !ours().contains("lookup 3"));
        String two = ours();
        assertFalse(two.contains("1003") || two.contains("2003") || two.contains("3003"), two);
        assertTrue(two.contains("table 3: 0 route(s)"), two);
        assertEquals(foreign, foreign(), "after reload");

        assertEquals(0, router.call("restart").exitCode());
        await("rebuilt", () -> ours().equals(two));
        assertEquals(foreign, foreign(), "after mwan3 restart");

        assertEquals(0, router.stop());
        assertEquals(empty, ours(), "stop removes everything of ours");
        assertEquals(foreign, foreign(), "after stop");
    }

    /** kill -9 with three WANs, then a start with two: wan3's rules and table go, by the journal. */
    @Test
    void aStartAfterKillMinusNineRemovesWhatTheNewConfigNoLongerWants() throws IOException {
        String foreign = foreign();
        Path dir = lab.newDir("run");
        start(config(3, "0x3F00"), dir, 3);
        String journal = Files.readString(router.stateDir().resolve(OwnershipJournal.FILE));
        assertTrue(journal.contains("\"wan3\"") && journal.contains("\"pref\" : 2003"), journal);
        router.kill();
        assertTrue(ours().contains("2003:"), "kill -9 left wan3's rules (the fault took effect)");

        start(config(2, "0x3F00"), dir, 2);
        String two = ours();
        assertFalse(two.contains("1003") || two.contains("2003") || two.contains("3003"), two);
        assertTrue(two.contains("table 3: 0 route(s)") && two.contains("table 2: "), two);
        assertEquals(foreign, foreign());
        assertTrue(router.log().contains("removed the rules and tables of interfaces no longer configured: {3=wan3}"),
                router.log());
    }

    /** Without the journal (another state dir), the leftovers are recognised by mwan3's exact shape. */
    @Test
    void withoutAJournalLeftoversAreRecognisedByTheirShape() throws IOException {
        String foreign = foreign();
        start(config(3, "0x3F00"), lab.newDir("run"), 3);
        router.kill();
        start(config(2, "0x3F00"), lab.newDir("run"), 2);
        String two = ours();
        assertFalse(two.contains("1003") || two.contains("2003") || two.contains("3003"), two);
        assertTrue(two.contains("table 3: 0 route(s)"), two);
        assertEquals(foreign, foreign());
        assertEquals(0, router.stop());
        assertEquals(foreign, foreign());
    }

    /** A changed mmx_mask: the old rules have no shape the new mask knows; the journal still names them. */
    @Test
    void theJournalRemovesRulesOfAnotherMask() throws IOException {
        Path dir = lab.newDir("run");
        start(config(3, "0xFF00"), dir, 3);
        assertTrue(ours().contains("2003:\tfrom all fwmark 0x300/0xff00 lookup 3"), ours());
        router.kill();
        start(config(2, "0x3F00"), dir, 2);
        String two = ours();
        assertFalse(two.contains("0xff00"), two);
        assertFalse(two.contains("1003") || two.contains("2003") || two.contains("3003"), two);
    }
}
