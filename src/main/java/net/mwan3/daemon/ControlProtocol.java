package net.mwan3.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's wire format, shared by daemon and CLI. A request is the CLI's arguments
 * joined by the ASCII unit separator and ended by a newline (at most {@link #MAX_REQUEST} bytes).
 * The reply is the exit status as one digit, a newline, then the text to print.
 */
public final class ControlProtocol {
    public static final int MAX_REQUEST = 4096;
    public static final char SEPARATOR = '\u001f';
    public static final String SOCKET = "mwan3.sock";
    /** How the daemon and the CLI begin a refusal, so a user is told that rather than "not running". */
    public static final String PERMISSION_DENIED = "mwan3: permission denied";

    private ControlProtocol() {
    }

    public static byte[] request(List<String> args) {
        return (String.join(String.valueOf(SEPARATOR), args) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a request line (without its newline); rejects control characters other than the separator. */
    public static List<String> parse(String line) {
        List<String> args = new ArrayList<>();
        for (String a : line.split(String.valueOf(SEPARATOR), -1)) {
            if (a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("control characters in request");
            }
            args.add(a);
        }
        return args;
    }

    public static byte[] reply(Reply r) {
        return (r.exitCode() + "\n" + r.text()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends one request to the daemon listening in {@code stateDir}; returns its reply, or null when
     * no daemon listens there.
     *
     * @throws java.nio.file.AccessDeniedException when the socket is there but not ours to use
     */
    public static Reply call(Path stateDir, List<String> args) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.connect(UnixDomainSocketAddress.of(stateDir.resolve(SOCKET)));
        } catch (IOException e) {
            c.close();
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                throw new java.nio.file.AccessDeniedException(stateDir.resolve(SOCKET).toString(), null,
                        PERMISSION_DENIED);
            }
            return null;
        }
        try (c) {
            ByteBuffer req = ByteBuffer.wrap(request(args));
            while (req.hasRemaining()) {
                c.write(req);
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(16384);
            while (c.read(b) >= 0) {
                buf.write(b.array(), 0, b.position());
                b.clear();
            }
            String all = buf.toString(StandardCharsets.UTF_8);
            int nl = all.indexOf('\n');
            if (nl < 0 || nl > 3) {
                throw new IOException("malformed reply from mwan3d");
            }
            return new Reply(Integer.parseInt(all.substring(0, nl).trim()), all.substring(nl + 1));
        }
    }
}
