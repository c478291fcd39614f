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
}
