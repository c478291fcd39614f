package net.mwan3.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.testing.NetnsSupport;

/**
 * {@code mwan3 lab} from the built distribution, as a person runs it: the quick schedule measures
 * every fault and leaves nothing behind; a kept lab takes faults from {@code mwan3 lab fault} in
 * another process and is removed on SIGTERM. Times are printed by the lab, never asserted.
 */
class LabCommandIT {
    private static final Pattern PREFIX = Pattern.compile("building namespaces (\\S+)\\*");
    private static final Pattern TIME = Pattern.compile("\\d+ ms");

    private static Path cli() {
        return Path.of(System.getProperty("mwan3.dist", "target/dist"), "bin", "mwan3");
    }

    /** A child process whose combined output is collected as it comes. */
    private record Child(Process process, StringBuffer output) {
        static Child start(String... args) throws IOException {
            List<String> argv = new ArrayList<>(List.of(cli().toString()));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            StringBuffer out = new StringBuffer();
            Thread t = new Thread(() -> copy(p.getInputStream(), out), "lab-output");
            t.setDaemon(true);
            t.start();
            return new Child(p, out);
        }

        private static void copy(InputStream in, StringBuffer out) {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buf)) > 0;) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                out.append("(output ended: ").append(e.getMessage()).append(")");
            }
        }

        String prefix() {
            Matcher m = PREFIX.matcher(output);
            assertTrue(m.find(), output::toString);
            return m.group(1);
        }
    }

    @Test
    void quickScheduleMeasuresEveryFaultAndRemovesEverything() throws Exception {
        NetnsSupport.assumeAvailable();
        assertTrue(Files.isExecutable(cli()), "build the dist first: " + cli());
        Child lab = Child.start("lab", "--quick");
        assertTrue(lab.process().waitFor(4, TimeUnit.MINUTES), "lab still running:\n" + lab.output());
        lab.process().waitFor();
        Thread.sleep(200); // let the output thread drain
        String out = lab.output().toString();
        System.out.println(out);
        assertEquals(0, lab.process().exitValue(), out);
        String summary = out.substring(out.indexOf("Summary"));
        for (String phase : List.of("blackhole wan1", "recover wan1", "carrier down wan2", "carrier up wan2")) {
            String row = row(summary, phase);
            Matcher m = TIME.matcher(row);
            assertTrue(m.find(), "no measured time for " + phase + ": " + row);
        }
        assertTrue(TIME.matcher(row(summary, "blackhole wan1").replaceFirst("^.*?blackhole\\s+", "")).results()
                .count() >= 3, "blackhole: detection, new flows and UDP flow all measured\n" + summary);
        String loss = row(summary, "30% loss wan3");
        assertTrue(loss.contains("30 % random loss") && (loss.contains("tolerated") || loss.contains("went offline")),
                loss);
        Matcher bond = Pattern.compile("received on wan1 (\\d+), on wan2 (\\d+).*\\n.*pings lost (\\d+) of (\\d+)")
                .matcher(out);
        assertTrue(bond.find(), "the bonded scene measured: " + out);
        assertTrue(Long.parseLong(bond.group(1)) > 500 && Long.parseLong(bond.group(2)) > 500,
                "the download came over both WANs through the tunnel: " + bond.group());
        assertEquals("0", bond.group(3), "redundant: no ping lost while wan1 was blackholed: " + bond.group());
        assertTrue(Pattern.compile("interface bond down in mwan3 after \\d+ ms").matcher(out).find(),
                "mwan3 saw the tunnel interface go down when both its WANs were cut: " + out);
        assertNothingLeft(lab.prefix(), lab.process().pid());
    }

    @Test
    void keptLabTakesFaultsFromAnotherProcessAndIsRemovedOnSigterm() throws Exception {
        NetnsSupport.assumeAvailable();
        Child lab = Child.start("lab", "--keep");
        try {
            await("lab ready", () -> lab.output().indexOf("Press Ctrl-C") >= 0 || !lab.process().isAlive(), lab);
            assertTrue(lab.process().isAlive(), lab.output()::toString);
            Matcher m = Pattern.compile("ip netns exec (\\S+) (\\S+) --state-dir (\\S+) interfaces")
                    .matcher(lab.output());
            assertTrue(m.find(), lab.output()::toString);
            List<String> interfaces = List.of("ip", "netns", "exec", m.group(1), m.group(2), "--state-dir",
                    m.group(3), "interfaces");
            Child fault = Child.start("lab", "fault", "blackhole", "1");
            assertEquals(0, fault.process().waitFor(), fault.output()::toString);
            await("wan1 offline", () -> run(interfaces).contains("interface wan1 is offline"), lab);
            Child clear = Child.start("lab", "fault", "clear", "1");
            assertEquals(0, clear.process().waitFor(), clear.output()::toString);
            await("wan1 online", () -> run(interfaces).contains("interface wan1 is online"), lab);
            Child delay = Child.start("lab", "fault", "delay", "20", "1");
            int rc = delay.process().waitFor();
            Thread.sleep(100);
            assertTrue(rc == 0 || delay.output().toString().contains("netem"), delay.output()::toString);
        } finally {
            lab.process().destroy();
            assertTrue(lab.process().waitFor(2, TimeUnit.MINUTES), lab.output()::toString);
        }
        assertNothingLeft(lab.prefix(), lab.process().pid());
    }

    private static String row(String summary, String phase) {
        return summary.lines().filter(l -> l.startsWith(phase)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + phase + " in\n" + summary));
    }

    private static String run(List<String> argv) {
        return new ProcessCommandRunner().run(argv, null).stdout();
    }

    private static void await(String what, BooleanSupplier cond, Child lab) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out: " + what + "\n" + lab.output());
    }

    private static void assertNothingLeft(String prefix, long pid) {
        String namespaces = run(List.of("ip", "netns", "list"));
        assertFalse(namespaces.contains(prefix), "left behind:\n" + namespaces);
        String links = run(List.of("ip", "-o", "link"));
        assertFalse(links.contains("m3v" + pid % 100000 + "n"), "veth left in the host:\n" + links);
        assertFalse(Files.exists(LabState.DIR.resolve(prefix.replace("-", "") + ".properties")), "state file left");
    }
}
