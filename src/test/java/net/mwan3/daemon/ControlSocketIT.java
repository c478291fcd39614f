package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.testing.NetnsSupport;

/**
 * The control socket against a real unprivileged peer: the CLI run as {@code nobody} (setpriv) is
 * told "permission denied", never "not running", and never reaches the handler; a member of the
 * control group is served. Runs as root (it changes users), so it is gated like the namespace tests.
 */
class ControlSocketIT {
    private Path work;
    private Path jar;
    private final AtomicInteger handled = new AtomicInteger();

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        NetnsSupport.assumeAvailable(); // root
        String dist = System.getProperty("mwan3.dist");
        assertNotNull(dist, "system property mwan3.dist is not set (run with mvn verify)");
        // The build may sit under a directory nobody cannot read (/root): give the CLI a copy it can.
        work = Files.createTempDirectory("mwan3-control-it");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.copy(Path.of(dist, "lib", "mwan3.jar"), work.resolve("mwan3.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void tearDown() throws IOException {
        NetnsSupport.deleteTree(work);
    }

    private Reply handle(List<String> args) {
        handled.incrementAndGet();
        return Reply.ok("served " + String.join(" ", args) + "\n");
    }

    /** {@code mwan3 --state-dir DIR status} as nobody, with primary group {@code group} (null: nobody's own). */
    private Run cliAsNobody(Path stateDir, String group) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=nobody",
                "--regid=" + (group == null ? primaryGroup("nobody") : group), "--clear-groups"));
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                "net.mwan3.cli.Main", "--state-dir", stateDir.toString(), "status"));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI timed out");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String primaryGroup(String user) throws IOException {
        Process p = new ProcessBuilder("id", "-gn", user).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void anUnprivilegedUserIsToldPermissionDeniedNotThatTheDaemonIsDown() throws Exception {
        Path state = work.resolve("state");
        try (ControlServer s = new ControlServer(state, this::handle)) {
            Run r = cliAsNobody(state, null);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("permission denied"), r.toString());
            assertTrue(!r.err().contains("not running"), r.toString());
            assertEquals(0, handled.get(), "nothing reached the handler");
        }
    }

    /**
     * Defence in depth: with the file modes opened behind the daemon's back (a careless chmod), the
     * peer's credentials still refuse nobody, and the daemon says so.
     */
    @Test
    void wrongFileModesStillLeaveTheCredentialCheck() throws Exception {
        Path state = work.resolve("state");
        try (ControlServer s = new ControlServer(state, this::handle)) {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(state.resolve(ControlProtocol.SOCKET), PosixFilePermissions.fromString("rw-rw-rw-"));
            Run r = cliAsNobody(state, null);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("mwan3: permission denied (the control socket is for root only)"), r.toString());
            assertEquals(0, handled.get(), "nothing reached the handler");
        }
    }

    @Test
    void aMemberOfTheControlGroupIsServed() throws Exception {
        Path state = work.resolve("state");
        String group = primaryGroup("root"); // a group nobody is not in unless the test makes it so
        try (ControlServer s = new ControlServer(state, ControlAccess.of(group), this::handle)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(state.resolve(ControlProtocol.SOCKET))));
            assertEquals("rwx--x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            Run member = cliAsNobody(state, group);
            assertEquals(0, member.code(), member.toString());
            assertEquals("served status\n", member.out());
            Run outsider = cliAsNobody(state, null);
            assertTrue(outsider.err().contains("permission denied"), outsider.toString());
            assertEquals(1, handled.get());
        }
    }
}
