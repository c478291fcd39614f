package net.mwan3.ubus;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.ubus.wire.Message;

/**
 * One non-blocking connection to ubusd: frames in (assembled from whatever the socket delivers,
 * each checked against ubus's limits before it is buffered) and frames out (queued, written as the
 * socket takes them). A peer that stops reading fills at most {@link #MAX_QUEUED} bytes here before
 * the connection is given up; nothing on this path ever blocks.
 */
final class Connection implements AutoCloseable {
    /** Four maximal ubus messages: far beyond any burst of replies to a healthy ubusd. */
    static final int MAX_QUEUED = 4 * Message.MAX_BODY;
    /** Frames taken per read call, so one flooding peer cannot starve the writes. */
    private static final int MAX_FRAMES_PER_READ = 256;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final byte[] prefix = new byte[Message.PREFIX];
    private byte[] frame;
    private int have;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long queued;

    private Connection(SocketChannel channel, Selector selector) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.key = channel.register(selector, SelectionKey.OP_READ);
        in.flip();
    }

    /** Connects to ubusd's socket (a local connect: it succeeds or fails at once). */
    static Connection open(Path socket, Selector selector) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.connect(UnixDomainSocketAddress.of(socket));
            return new Connection(c, selector);
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Returns the complete frames from what was read before and what the socket has now, at most
     * {@link #MAX_FRAMES_PER_READ}; the rest stays buffered ({@link #buffered}) for the next call.
     * Throws on end of stream or a malformed frame.
     */
    List<Message> read() throws IOException {
        List<Message> got = new ArrayList<>();
        while (got.size() < MAX_FRAMES_PER_READ) {
            if (!in.hasRemaining()) {
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    throw new EOFException("ubusd closed the connection");
                }
                if (n == 0) {
                    break;
                }
            }
            Message m = take();
            if (m != null) {
                got.add(m);
            }
        }
        return got;
    }

    /** Bytes already read from the socket and not yet taken: the selector will not wake up for them. */
    boolean buffered() {
        return in.hasRemaining();
    }

    /** Moves buffered bytes into the frame being assembled; returns it when complete. */
    private Message take() {
        if (frame == null) {
            int n = Math.min(in.remaining(), prefix.length - have);
            in.get(prefix, have, n);
            have += n;
            if (have < prefix.length) {
                return null;
            }
            frame = new byte[Message.HEADER + Message.bodyLength(prefix, 0)];
            System.arraycopy(prefix, 0, frame, 0, prefix.length);
        }
        int n = Math.min(in.remaining(), frame.length - have);
        in.get(frame, have, n);
        have += n;
        if (have < frame.length) {
            return null;
        }
        Message m = Message.decode(frame);
        frame = null;
        have = 0;
        return m;
    }

    /** Queues a frame and writes what the socket takes now; throws when the peer has stopped reading. */
    void send(Message m) throws IOException {
        byte[] b = m.encode();
        if (queued + b.length > MAX_QUEUED) {
            throw new IOException("ubusd is not reading (" + queued + " bytes queued)");
        }
        out.add(ByteBuffer.wrap(b));
        queued += b.length;
        flush();
    }

    /** Writes queued frames until the socket is full; asks for a write wake-up while anything is left. */
    void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer b = out.peek();
            int n = channel.write(b);
            queued -= n;
            if (b.hasRemaining()) {
                break;
            }
            out.poll();
        }
        key.interestOps(out.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    SelectionKey key() {
        return key;
    }

    @Override
    public void close() throws IOException {
        key.cancel();
        channel.close();
    }
}
