package net.mwan3.tunnel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.mwan3.lab.NetnsThread;

/**
 * A UDP relay with per-path delay and jitter, for labs without netem. It runs on daemon threads of the test JVM
 * that have entered namespace {@code ns}, so its sockets live there. Traffic is steered to it from outside (an
 * nft DNAT, see {@link DelayedPaths}); for each listening port it keeps, per client source address, one upstream
 * socket connected to the real server. A client's datagram leaves by that upstream socket after its path's
 * upstream delay; the server's reply arriving on the upstream socket leaves by the listening port, back to that
 * client, after the downstream delay (the same {@link PathDelay}: the delay is one-way, each direction). Order is
 * kept per direction unless the delay allows reordering (see {@link DelaySchedule}). Counters per path and
 * direction prove that traffic really went through the relay.
 */
public final class UdpDelayRelay implements AutoCloseable {
    /** Towards the server (client's datagrams) or back to the client (the server's replies). */
    public enum Direction { UPSTREAM, DOWNSTREAM }

    private static final int MAX_DATAGRAM = 65_536;

    /** One impaired path: its delay (changeable while running) and a delay line per direction. */
    private static final class RelayPath {
        volatile PathDelay delay;
        final DelayLine up = new DelayLine(() -> delay);
        final DelayLine down = new DelayLine(() -> delay);

        RelayPath(PathDelay delay) {
            this.delay = delay;
        }
    }

    private final Map<String, RelayPath> paths = new ConcurrentHashMap<>();
    private final List<DatagramSocket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong receiveErrors = new AtomicLong();
    private final ExecutorService threads;
    private volatile boolean closed;

    public UdpDelayRelay(String ns) {
        threads = Executors.newCachedThreadPool(NetnsThread.factory(ns, "udp-relay"));
    }

    /** Declares path {@code name} with {@code delay} in each direction. */
    public void path(String name, PathDelay delay) {
        RelayPath p = new RelayPath(delay);
        if (paths.putIfAbsent(name, p) != null) {
            throw new IllegalArgumentException("path " + name + " exists");
        }
        threads.execute(p.up);
        threads.execute(p.down);
    }

    /** Changes a path's delay while running; datagrams already queued keep their due time. */
    public void delay(String name, PathDelay delay) {
        path(name).delay = delay;
    }

    /** Relays datagrams arriving at {@code listen} (in the namespace) to {@code upstream} over path {@code name}. */
    public void forward(String name, InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        RelayPath p = path(name);
        DatagramSocket socket;
        try {
            socket = threads.submit(() -> new DatagramSocket(listen)).get();
        } catch (ExecutionException e) {
            throw new IOException("relay cannot bind " + listen, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted binding " + listen, e);
        }
        sockets.add(socket);
        threads.execute(() -> fromClients(socket, upstream, p));
    }

    public long forwarded(String name, Direction d) {
        RelayPath p = path(name);
        return (d == Direction.UPSTREAM ? p.up : p.down).forwarded();
    }

    /** Receive and send errors, all paths; a healthy run has none beyond an ICMP error now and then. */
    public long errors() {
        return receiveErrors.get() + paths.values().stream().mapToLong(p -> p.up.sendErrors() + p.down.sendErrors()).sum();
    }

    private RelayPath path(String name) {
        RelayPath p = paths.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no relay path " + name);
        }
        return p;
    }

    /** Runs on a namespace thread: the upstream sockets it opens belong to the namespace too. */
    private void fromClients(DatagramSocket listen, InetSocketAddress upstream, RelayPath path) {
        Map<SocketAddress, DatagramSocket> upstreams = new HashMap<>();
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (receive(listen, in)) {
            SocketAddress client = in.getSocketAddress();
            DatagramSocket up = upstreams.get(client);
            if (up == null) {
                up = openUpstream(listen, upstream, client, path);
                if (up == null) {
                    continue;
                }
                upstreams.put(client, up);
            }
            path.up.submit(buf, in.getOffset(), in.getLength(), up, upstream);
        }
    }

    /** A socket on the listening address, connected to the server, whose replies go back to {@code client}. */
    private DatagramSocket openUpstream(DatagramSocket listen, InetSocketAddress upstream, SocketAddress client,
                                        RelayPath path) {
        try {
            DatagramSocket up = new DatagramSocket(new InetSocketAddress(listen.getLocalAddress(), 0));
            up.connect(upstream);
            sockets.add(up);
            threads.execute(() -> fromServer(up, listen, client, path));
            return up;
        } catch (IOException e) {
            receiveErrors.incrementAndGet();
            return null;
        }
    }

    private void fromServer(DatagramSocket up, DatagramSocket listen, SocketAddress client, RelayPath path) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (receive(up, in)) {
            path.down.submit(buf, in.getOffset(), in.getLength(), listen, client);
        }
    }

    /**
     * Receives into {@code in}; false once the relay is closed. Errors while open (an ICMP port unreachable on a
     * connected socket while the server restarts) are counted and skipped.
     */
    private boolean receive(DatagramSocket s, DatagramPacket in) {
        while (!closed) {
            in.setLength(MAX_DATAGRAM);
            try {
                s.receive(in);
                return true;
            } catch (IOException e) {
                if (!closed && !s.isClosed()) {
                    receiveErrors.incrementAndGet();
                }
                if (s.isClosed()) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Closes every socket (ending the receivers) and interrupts the delay lines; queued datagrams are dropped. */
    @Override
    public void close() {
        closed = true;
        sockets.forEach(DatagramSocket::close);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(2, TimeUnit.SECONDS)) {
                System.err.println("UdpDelayRelay: threads still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
