package net.mwan3.tunnel.io;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * wireguard-go's configuration protocol (wireguard.com/xplatform): {@code get=1\n\n} on its Unix socket answers
 * {@code key=value} lines ending with {@code errno=0} and an empty line. Read here for the latest handshake,
 * so status costs no process.
 */
final class WireGuardUapi {
    private WireGuardUapi() {
    }

    /** Largest {@code last_handshake_time_sec} of any peer, 0 if none or the socket cannot be read. */
    static long latestHandshake(Path socket) {
        String reply;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("get=1\n\n".getBytes(StandardCharsets.US_ASCII)));
            StringBuilder sb = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (!sb.toString().endsWith("\n\n") && ch.read(buf.clear()) > 0) {
                sb.append(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
            }
            reply = sb.toString();
        } catch (IOException e) {
            return 0;
        }
        return parseLatest(reply);
    }

    static long parseLatest(String reply) {
        long latest = 0;
        for (String line : reply.split("\n")) {
            if (line.startsWith("last_handshake_time_sec=")) {
                try {
                    latest = Math.max(latest, Long.parseLong(line.substring(line.indexOf('=') + 1).trim()));
                } catch (NumberFormatException e) {
                    return latest; // a garbled reply: what we have so far
                }
            }
        }
        return latest;
    }
}
