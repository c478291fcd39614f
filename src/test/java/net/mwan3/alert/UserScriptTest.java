package net.mwan3.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user script runner with real processes: lanes per interface (a call hanging for wan1 delays
 * no call for wan2), order and superseding within a lane, the time limit killing the whole process
 * group (a double-forked child too), and refusal of a script others could have written.
 */
class UserScriptTest {
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    /** A script appending "INTERFACE ACTION" to calls.log, except that wan1's {@code hang} action sleeps forever. */
    private Path script(String hangAction) throws IOException {
        Path s = dir.resolve("mwan3.user");
        Files.writeString(s, "#!/bin/sh\n"
                + "if [ \"$INTERFACE\" = wan1 ] && [ \"$ACTION\" = " + hangAction + " ]; then\n"
                + "  ( sleep 1000 & echo $! > " + dir.resolve("grandchild.pid") + " )\n"
                + "  sleep 1000\nfi\n"
                + "echo \"$INTERFACE $ACTION${FIRSTCONNECT:+ first}\" >> " + dir.resolve("calls.log") + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private List<String> calls() throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static void await(String what, long millis, BooleanSupplier cond) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            sleep(10);
        }
        throw new AssertionError("not within " + millis + " ms: " + what);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean logged(String line) {
        try {
            return calls().contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aCallHangingForOneInterfaceDelaysNoOtherInterfacesCall() throws Exception {
        try (UserScript u = new UserScript(script("connected"), LIMIT, (i, o) -> outcomes.add(i + " " + o))) {
            u.fire("connected", "wan1", "eth1", true);
            await("wan1's call is hanging", 5000, () -> Files.exists(dir.resolve("grandchild.pid")));
            long fired = System.nanoTime();
            u.fire("disconnected", "wan2", "eth2", false);
            await("wan2's call ran while wan1's hangs", 1000, () -> logged("wan2 disconnected"));
            System.out.printf("wan2's call ran %d ms after it was fired, wan1's hanging%n",
                    (System.nanoTime() - fired) / 1_000_000);
            assertFalse(logged("wan1 connected first"), "wan1's call is still hanging");
            await("wan1's call killed at its limit", 5000, () -> outcomes.contains("wan1 timeout"));
            assertTrue(outcomes.contains("wan2 ran"), outcomes::toString);
        }
    }

    @Test
    void theTimeLimitKillsTheWholeProcessGroupADoubleForkedChildToo() throws Exception {
        try (UserScript u = new UserScript(script("connected"), LIMIT, (i, o) -> outcomes.add(i + " " + o))) {
            u.fire("connected", "wan1", "eth1", false);
            await("grandchild started", 5000, () -> Files.exists(dir.resolve("grandchild.pid")) && pid() > 0);
            ProcessHandle grandchild = ProcessHandle.of(pid()).orElseThrow();
            await("the grandchild left the script's process tree", 2000,
                    () -> grandchild.parent().map(p -> p.pid() == 1 || !p.info().command().orElse("").endsWith("sh"))
                            .orElse(true));
            assertTrue(grandchild.isAlive(), "the fault took effect: a double-forked child runs on its own");
            await("killed with the group", 6000, () -> !grandchild.isAlive());
            assertTrue(outcomes.contains("wan1 timeout"), outcomes::toString);
        }
    }

    private long pid() {
        try {
            String s = Files.readString(dir.resolve("grandchild.pid")).strip();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * While wan1's first call hangs, a burst queues behind it: only the latest state and every ifdown
     * wait (ifdown, ifup, the last tracking call), then run in order once the hung call is killed.
     */
    @Test
    void callsOfOneInterfaceStayInOrderAndSupersededOnesAreDropped() throws Exception {
        try (UserScript u = new UserScript(script("connecting"), LIMIT, (i, o) -> outcomes.add(i + " " + o))) {
            u.fire("connecting", "wan1", "eth1", false);
            await("hanging", 5000, () -> Files.exists(dir.resolve("grandchild.pid")));
            for (String a : List.of("connected", "disconnecting", "disconnected", "ifdown", "ifup", "connecting",
                    "connected", "disconnecting", "disconnected")) {
                u.fire(a, "wan1", "eth1", false);
            }
            await("the waiting calls ran", 8000, () -> logged("wan1 disconnected") && outcomes.stream()
                    .filter(o -> o.equals("wan1 ran")).count() == 3);
            assertEquals(List.of("wan1 ifdown", "wan1 ifup", "wan1 disconnected"), calls());
            assertEquals(6, Collections.frequency(outcomes, "wan1 superseded"), outcomes::toString);
        }
    }

    @Test
    void aScriptOthersCouldHaveWrittenIsRefusedAndCounted() throws Exception {
        Path s = script("never");
        try (UserScript u = new UserScript(s, LIMIT, (i, o) -> outcomes.add(i + " " + o))) {
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxrwxrwx"));
            u.fire("ifup", "wan1", "eth1", false);
            await("refused", 3000, () -> outcomes.contains("wan1 refused"));
            assertEquals(List.of(), calls(), "not run");
            assertNotNull(UserScript.unsafe(s));

            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
            assertTrue(UserScript.unsafe(s).contains("writable by group or others"), UserScript.unsafe(s));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            u.fire("ifup", "wan1", "eth1", false);
            await("runs once safe", 3000, () -> logged("wan1 ifup"));
            if (System.getProperty("user.name").equals("root")) {
                var nobody = s.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                Files.setOwner(s, nobody);
                assertTrue(UserScript.unsafe(s).contains("belongs to nobody"), UserScript.unsafe(s));
            }
        }
    }
}
