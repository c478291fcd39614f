package net.mwan3.ubus;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.mwan3.json.JsonObject;
import net.mwan3.ubus.wire.Attr;
import net.mwan3.ubus.wire.BlobWriter;
import net.mwan3.ubus.wire.Bodies;
import net.mwan3.ubus.wire.Message;
import net.mwan3.ubus.wire.MsgType;

/**
 * A scripted stand-in for ubusd on a Unix socket, for fast unit tests of the client: each accepted
 * connection is handed to the test as a {@link Peer} that can greet, answer, invoke, flood, send
 * garbage or stop reading. The namespace tests run the same client against the real ubusd.
 */
public final class FakeUbusd implements AutoCloseable {
    final Path path;
    private final ServerSocketChannel server;
    final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    final AtomicInteger accepted = new AtomicInteger();
    private final List<Peer> all = new CopyOnWriteArrayList<>();

    FakeUbusd(Path path) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    Peer p = new Peer(server.accept());
                    accepted.incrementAndGet();
                    all.add(p);
                    peers.add(p);
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-ubusd");
        t.setDaemon(true);
        t.start();
    }

    Peer next(long seconds) throws InterruptedException {
        Peer p = peers.poll(seconds, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("the client did not connect within " + seconds + " s");
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer p : all) {
            p.close();
        }
        Files.deleteIfExists(path);
    }

    /**
     * One connection, driven by the test: the fake ubusd's end of a client, or (made by
     * {@link #connect}) a raw client of the real ubusd.
     */
    public static final class Peer implements AutoCloseable {
        final SocketChannel channel;
        private int nextId = 0x100;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }

        /** A raw client of the ubusd listening at {@code socket}, its hello read. */
        public static Peer connect(Path socket) throws IOException {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(socket));
            Peer p = new Peer(c);
            if (p.read().type() != MsgType.HELLO) {
                throw new IOException("no hello from " + socket);
            }
            return p;
        }

        /** Looks an object up (as a client of the real ubusd); 0 when there is none. */
        public int lookup(int seq, String path) throws IOException {
            send(Message.of(MsgType.LOOKUP, seq, 0, Bodies.lookup(path)));
            int id = 0;
            for (Message m = read(); m.type() != MsgType.STATUS; m = read()) {
                id = m.attrs().u32(Attr.OBJID);
            }
            return id;
        }

        /** One call, waited for: returns the status, after the DATA replies. */
        public int call(int seq, int objid, String method, JsonObject args) throws IOException {
            send(Message.of(MsgType.INVOKE, seq, 0, Bodies.invoke(objid, method, args)));
            while (true) {
                Message m = read();
                if (m.type() == MsgType.STATUS && m.seq() == (seq & 0xffff)) {
                    return m.attrs().u32(Attr.STATUS);
                }
            }
        }

        public void send(Message m) throws IOException {
            raw(m.encode());
        }

        public void raw(byte[] b) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        void hello(int clientId) throws IOException {
            send(Message.of(MsgType.HELLO, 0, clientId, new BlobWriter().toBytes()));
        }

        /** Reads one frame (blocking). */
        public Message read() throws IOException {
            ByteBuffer prefix = fill(Message.PREFIX);
            int len = Message.bodyLength(prefix.array(), 0);
            ByteBuffer rest = fill(len - 4);
            byte[] frame = new byte[Message.PREFIX + len - 4];
            System.arraycopy(prefix.array(), 0, frame, 0, Message.PREFIX);
            System.arraycopy(rest.array(), 0, frame, Message.PREFIX, len - 4);
            return Message.decode(frame);
        }

        private ByteBuffer fill(int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new java.io.EOFException("client closed");
                }
            }
            return b;
        }

        /** Answers a request as ubusd does: optional DATA, then STATUS, with the request's sequence number. */
        void answer(Message request, byte[] data, int status) throws IOException {
            if (data != null) {
                send(Message.of(MsgType.DATA, request.seq(), request.peer(), data));
            }
            send(Message.of(MsgType.STATUS, request.seq(), request.peer(),
                    new BlobWriter().u32(Attr.STATUS, status).toBytes()));
        }

        /** Reads requests and answers them like a ubusd without netifd until {@code path}'s object is added; returns its id. */
        int register(String path) throws IOException {
            int found = 0;
            while (found == 0) {
                Message m = read();
                switch (m.type()) {
                    case ADD_OBJECT -> {
                        int id = nextId++;
                        answer(m, new BlobWriter().u32(Attr.OBJID, id).toBytes(), 0);
                        if (path.equals(m.attrs().string(Attr.OBJPATH))) {
                            found = id;
                        }
                    }
                    case LOOKUP -> answer(m, null, 4);
                    default -> answer(m, null, 0);
                }
            }
            return found;
        }

        /** Invokes {@code method} of object {@code objid} as a caller with id {@code caller} would. */
        void invoke(int seq, int caller, int objid, String method, JsonObject args) throws IOException {
            send(Message.of(MsgType.INVOKE, seq, caller, Bodies.invoke(objid, method, args)));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
