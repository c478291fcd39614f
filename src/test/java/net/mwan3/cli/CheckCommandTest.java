package net.mwan3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.testing.UciFixtures;

/** {@code mwan3 check} on real files: exit status and what goes to stdout and stderr. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run check(String mwan3) throws IOException {
        Files.writeString(dir.resolve("mwan3"), mwan3);
        return run("check", "--config-dir", dir.toString());
    }

    @Test
    void defaultConfigIsOk() throws IOException {
        Run r = check(UciFixtures.text(UciFixtures.DEFAULT));
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(dir.resolve("mwan3") + ": OK, 0 warning(s): 4 interface(s) (1 enabled), 10 member(s), 5 policy(ies),"
                + " 3 rule(s)\n", r.out());
    }

    @Test
    void validSeedsExitZeroAndPrintTheirWarnings() throws IOException {
        for (String seed : UciFixtures.VALID_SEEDS) {
            Run r = check(UciFixtures.text(seed));
            assertEquals(0, r.exit(), seed + ": " + r.err());
            assertEquals("", r.err(), seed);
            assertTrue(r.out().contains(": OK, "), seed);
        }
        Run usage = check(UciFixtures.text("seed-usage-report.mwan3"));
        assertTrue(usage.out().contains(dir.resolve("mwan3") + ":32:9: warning: rule 'rule1', option 'comment': unknown"
                + " option; ignored"), usage.out());
        assertTrue(usage.out().contains("OK, 2 warning(s)"), usage.out());
    }

    @Test
    void brokenFileExitsOneWithFileLineColumn() throws IOException {
        Run r = check(UciFixtures.text(UciFixtures.TYPO_SEED));
        assertEquals(1, r.exit());
        String file = dir.resolve("mwan3").toString();
        assertTrue(r.err().startsWith(file + ":2:21: error: unterminated '-quoted string"), r.err());
        assertTrue(r.err().contains("typographic quote"), r.err());
        assertTrue(r.err().contains(file + ": 1 error(s), 0 warning(s); the config is refused"), r.err());
        assertFalse(r.err().contains("Exception"), "never a stack trace");
        assertEquals("", r.out());
    }

    @Test
    void semanticErrorExitsOne() throws IOException {
        Run r = check("config rule 'r'\n\toption use_policy 'nope'\n");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(":2:2: error: rule 'r', option 'use_policy': refers to policy 'nope'"), r.err());
    }

    @Test
    void missingFileExitsOne() {
        Run r = run("check", "--config-dir", dir.resolve("nowhere").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(dir.resolve("nowhere").resolve("mwan3") + ": error: no such file"), r.err());
    }

    @Test
    void notUtf8ExitsOne() throws IOException {
        Files.write(dir.resolve("mwan3"), new byte[] {'c', 'o', (byte) 0xff, '\n'});
        Run r = run("check", "--config-dir", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not UTF-8 text"), r.err());
    }

    @Test
    void badArgumentsExitTwo() {
        for (List<String> args : List.of(List.of("check", "--bogus"), List.of("check", "--config-dir"),
                List.of("check", "extra"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args.toString());
            assertTrue(r.err().contains("usage: mwan3 check [--config-dir DIR]"), r.err());
        }
        assertEquals(2, run("frobnicate").exit());
        assertEquals(2, run().exit());
    }

    @Test
    void equalsFormOfConfigDir() throws IOException {
        Files.writeString(dir.resolve("mwan3"), "config interface 'wan'\n");
        assertEquals(0, run("check", "--config-dir=" + dir).exit());
    }

    @Test
    void networkFileResolvesDevicesAndIsChecked() throws IOException {
        Files.writeString(dir.resolve("network"), "config interface 'wan'\n\toption device 'eth1'\n"
                + "config interface 'wanb'\n\toption ifname 'eth2'\n");
        Run ok = check("config interface 'wan'\nconfig interface 'wanb'\n");
        assertEquals(0, ok.exit(), ok.err());
        Files.writeString(dir.resolve("network"), "config interface 'wan'\n\toption device 'eth1\n");
        Run broken = check("config interface 'wan'\n");
        assertEquals(1, broken.exit());
        assertTrue(broken.err().startsWith(dir.resolve("network") + ":2:16: error: unterminated"), broken.err());
    }
}
