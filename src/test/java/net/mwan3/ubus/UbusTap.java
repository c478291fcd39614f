package net.mwan3.ubus;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import net.mwan3.ubus.wire.Message;

/**
 * A recording relay between ubus clients and the real ubusd, used once to record the byte
 * exchanges that the unit tests replay ({@code src/test/resources/ubus/*.frames}). Each accepted
 * connection is relayed to ubusd's socket and written to {@code DIR/conn-N.frames}, one frame per
 * line: {@code >} client to ubusd, {@code <} ubusd to client, then the frame in hex.
 *
 * <pre>java -cp ... net.mwan3.ubus.UbusTap LISTEN_SOCKET UBUSD_SOCKET DIR</pre>
 */
public final class UbusTap {
    private UbusTap() {
    }

    public static void main(String[] args) throws IOException {
        Path listen = Path.of(args[0]);
        Path ubusd = Path.of(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        Files.deleteIfExists(listen);
        AtomicInteger n = new AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(listen));
            while (true) {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(ubusd));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("conn-" + n.incrementAndGet()
                        + ".frames"), StandardCharsets.US_ASCII), true);
                relay(client, upstream, ">", out);
                relay(upstream, client, "<", out);
            }
        }
    }

    private static void relay(SocketChannel from, SocketChannel to, String mark, PrintWriter log) {
        // Channel reads and writes directly: Channels' streams lock the channel across a blocking read.
        Thread t = new Thread(() -> {
            try (from) {
                while (true) {
                    ByteBuffer prefix = read(from, Message.PREFIX);
                    if (prefix == null) {
                        break;
                    }
                    int body = Message.bodyLength(prefix.array(), 0);
                    ByteBuffer rest = read(from, body - 4);
                    if (rest == null) {
                        break;
                    }
                    byte[] frame = new byte[Message.PREFIX + body - 4];
                    System.arraycopy(prefix.array(), 0, frame, 0, Message.PREFIX);
                    System.arraycopy(rest.array(), 0, frame, Message.PREFIX, body - 4);
                    synchronized (log) {
                        log.println(mark + " " + HexFormat.of().formatHex(frame));
                    }
                    ByteBuffer w = ByteBuffer.wrap(frame);
                    while (w.hasRemaining()) {
                        to.write(w);
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                synchronized (log) {
                    log.println("# " + mark + " closed: " + e.getMessage());
                }
            }
        }, "tap" + mark);
        t.setDaemon(true);
        t.start();
    }

    /** Exactly n bytes, or null at end of stream. */
    private static ByteBuffer read(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return null;
            }
        }
        return b;
    }
}
