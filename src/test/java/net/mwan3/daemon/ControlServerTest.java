package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    private final AtomicInteger handled = new AtomicInteger();

    private Reply echo(List<String> args) {
        handled.incrementAndGet();
        return Reply.ok(String.join("|", args) + "\n");
    }

    private static String raw(Path dir, byte[] request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(dir.resolve(ControlProtocol.SOCKET)));
            c.write(ByteBuffer.wrap(request));
            c.shutdownOutput();
            ByteBuffer b = ByteBuffer.allocate(65536);
            while (c.read(b) >= 0) {
                if (!b.hasRemaining()) {
                    break;
                }
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void socketIsOwnerOnlyAndAnswersRequests() throws IOException {
        try (ControlServer s = new ControlServer(dir, this::echo)) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(ControlProtocol.SOCKET))));
            Reply r = ControlProtocol.call(dir, List.of("status", "--json"));
            assertEquals(0, r.exitCode());
            assertEquals("status|--json\n", r.text());
        }
        assertTrue(Files.notExists(dir.resolve(ControlProtocol.SOCKET)), "removed on close");
        assertNull(ControlProtocol.call(dir, List.of("status")), "no daemon: null, not an exception");
    }

    @Test
    void malformedAndOversizedRequestsGetUsageErrorsAndNeverReachTheHandler() throws IOException {
        try (ControlServer s = new ControlServer(dir, this::echo)) {
            assertTrue(raw(dir, "x".repeat(ControlProtocol.MAX_REQUEST + 10).getBytes(StandardCharsets.UTF_8))
                    .startsWith("2\n"));
            assertTrue(raw(dir, "no newline".getBytes(StandardCharsets.UTF_8)).startsWith("2\n"));
            assertTrue(raw(dir, "ifup\u0007wan\n".getBytes(StandardCharsets.UTF_8)).startsWith("2\n"));
            assertTrue(raw(dir, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}).startsWith("0\n"),
                    "bytes that are not UTF-8 are decoded with replacement, harmlessly");
            int before = handled.get();
            assertEquals(0, ControlProtocol.call(dir, List.of("interfaces")).exitCode(), "still serving");
            assertEquals(before + 1, handled.get());
        }
    }

    @Test
    void aHandlerThatThrowsGivesAFailureReplyAndTheServerGoesOn() throws IOException {
        try (ControlServer s = new ControlServer(dir, args -> {
            if (args.get(0).equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return Reply.ok("fine\n");
        })) {
            Reply r = ControlProtocol.call(dir, List.of("boom"));
            assertEquals(1, r.exitCode());
            assertEquals("fine\n", ControlProtocol.call(dir, List.of("x")).text());
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() throws IOException {
        try (ControlServer s = new ControlServer(dir, this::echo)) {
            IOException e = assertThrows(IOException.class, () -> new ControlServer(dir, this::echo));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void aStaleSocketFileFromACrashIsReplaced() throws IOException {
        Files.createFile(dir.resolve(ControlProtocol.SOCKET));
        try (ControlServer s = new ControlServer(dir, this::echo)) {
            assertEquals(0, ControlProtocol.call(dir, List.of("x")).exitCode());
        }
    }

    @Test
    void theStateDirectoryIsCreatedOwnerOnlyAndNoTemporaryNameIsLeft() throws IOException {
        Path state = dir.resolve("run/mwan3");
        try (ControlServer s = new ControlServer(state, this::echo)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            try (var files = Files.list(state)) {
                assertEquals(List.of(ControlProtocol.SOCKET), files.map(p -> p.getFileName().toString()).toList(),
                        "bound under a temporary name, renamed into place");
            }
        }
    }

    @Test
    void anExistingStateDirectoryIsNarrowedOrRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ControlServer s = new ControlServer(open, this::echo)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
        }
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> new ControlServer(shared, this::echo));
        assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("link"), open);
        assertThrows(IOException.class, () -> new ControlServer(link, this::echo));
    }

    /** The peer check itself (the file modes usually refuse first; see ControlSocketIT for a real peer). */
    @Test
    void rootAndTheDaemonsUserAreAllowedOthersOnlyThroughTheControlGroup() throws IOException {
        var lookup = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        var nobody = lookup.lookupPrincipalByName("nobody");
        var nogroup = lookup.lookupPrincipalByGroupName(groupOf("nobody"));
        var root = lookup.lookupPrincipalByName("root");
        var rootGroup = lookup.lookupPrincipalByGroupName(groupOf("root"));
        ControlAccess rootOnly = ControlAccess.of(null);
        assertTrue(rootOnly.allows(new jdk.net.UnixDomainPrincipal(root, rootGroup)));
        assertTrue(!rootOnly.allows(new jdk.net.UnixDomainPrincipal(nobody, nogroup)));

        ControlAccess byPrimary = ControlAccess.of(groupOf("nobody"));
        assertTrue(byPrimary.allows(new jdk.net.UnixDomainPrincipal(nobody, nogroup)));

        Path groups = Files.writeString(dir.resolve("group"), "root:x:0:\nmwan3:x:4242:alice,nobody\n");
        ControlAccess listed = new ControlAccess(root, StateDir.self(), rootGroup, "mwan3", groups);
        assertTrue(listed.allows(new jdk.net.UnixDomainPrincipal(nobody, nogroup)), "a listed member");
        ControlAccess other = new ControlAccess(root, StateDir.self(), rootGroup, "staff", groups);
        assertTrue(!other.allows(new jdk.net.UnixDomainPrincipal(nobody, nogroup)), "not a member of staff");
    }

    /** The name of {@code user}'s primary group, read from the system (nogroup on Debian, nobody elsewhere). */
    private static String groupOf(String user) throws IOException {
        Process p = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
