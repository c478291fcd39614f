package net.mwan3.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import net.mwan3.daemon.ControlProtocol;

/** Sends one request to mwan3d's control socket and returns its exit status and text. */
final class ControlClient {

    private ControlClient() {
    }

    /** The reply, or null when no daemon listens on {@code stateDir}. */
    static String[] call(Path stateDir, List<String> args) throws IOException {
        Path socket = stateDir.resolve(ControlProtocol.SOCKET);
        SocketChannel c;
        try {
            c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return null;
        }
        try (c) {
            ByteBuffer req = ByteBuffer.wrap(ControlProtocol.request(args));
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
            if (nl < 0) {
                throw new IOException("malformed reply from mwan3d");
            }
            return new String[] {all.substring(0, nl), all.substring(nl + 1)};
        }
    }
}
