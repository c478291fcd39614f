package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.mwan3.config.TunnelConfig;
import net.mwan3.config.TunnelMode;
import net.mwan3.config.TunnelRole;
import net.mwan3.tunnel.DatagramMac;
import net.mwan3.tunnel.DedupWindow;
import net.mwan3.tunnel.FailoverScheduler;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.RelayKeys;
import net.mwan3.tunnel.ReorderBuffer;
import net.mwan3.tunnel.Scheduler;
import net.mwan3.tunnel.ServerHandshake;
import net.mwan3.tunnel.StampRule;
import net.mwan3.tunnel.WireFormat;

/**
 * One end of a multipath relay: the local UDP socket WireGuard talks to, the path sockets, the session and the
 * handshake, all driven by one {@link EventLoop} thread (so none of it needs a lock but what status reads).
 *
 * <p>The handshake, per path, started by the client: HELLO(stamp, client nonce) under the HELLO key; the server
 * answers only a HELLO whose stamp it has never taken ({@link ServerHandshake}, persisted) with CHALLENGE(client
 * nonce, server nonce); the client's RESPONSE(both nonces, its run id) proves it holds the key <em>now</em> and
 * from that address. Only then does the server learn the path, or move it, and send to it. The first RESPONSE of
 * a client run makes the session (id and one MAC key per direction derived from both nonces); RESPONSEs of the
 * same run on other paths join it. A client restart is a new run, hence a new session, and the old one is gone
 * with all its paths; a server restart loses the session, its paths go silent at the client, which shakes hands
 * again. Freshness comes from the server's nonce, never from a clock or a counter that could wrap.
 */
public final class TunnelEndpoint implements AutoCloseable {
    public static final long BEAT_NANOS = 25_000_000L;
    /** Silence after which a path is dead, and (client) shakes hands again. */
    public static final long DEAD_NANOS = 300_000_000L;
    static final long HELLO_RETRY_NANOS = 250_000_000L;
    /** A server path silent this long gets no beats; silent {@link #FORGET_NANOS}, it is forgotten. */
    static final long SERVER_QUIET_NANOS = 1_000_000_000L;
    static final long FORGET_NANOS = 10_000_000_000L;
    /** A held datagram's room in the reorder buffer: WireGuard's at MTU 1420 and more; larger ones skip it. */
    static final int REORDER_SLOT = 2048;

    final TunnelConfig config;
    final RelayKeys keys;
    final WireGuardDevice wg;
    final PathSocket local;
    final int localPort;
    final byte[] wgAddress;
    private final LocalBatch toWireguard;
    final TunnelCounters counters;
    final Scheduler scheduler;
    final DedupWindow dedup = new DedupWindow(3_000_000_000L);
    final ReorderBuffer reorder;
    final SecureRandom random = new SecureRandom();
    final DatagramMac helloMac;
    final DatagramMac challengeMac;
    final DatagramMac responseMac;
    /** Client: fixed, one per (WAN, peer). Server: the current session's proven paths; copy on write. */
    volatile TunnelPath[] paths;
    final TunnelPath[] byId = new TunnelPath[WireFormat.MAX_PATHS];
    final PathSocket serverSocket;
    private final StampFile stampFile;
    /** Server: which HELLO is answered and what a RESPONSE does. */
    final ServerHandshake handshake;
    /** Client: this run's id, in every RESPONSE. */
    final long run;
    private long lastStamp;

    // The session (event loop thread; the id is volatile for status).
    volatile long sessionId;
    DatagramMac txMac;
    DatagramMac rxMac;
    long globalSeq;

    final byte[] ctl = new byte[256];
    final ByteBuffer ctlBuf = ByteBuffer.wrap(ctl);
    volatile long reorderBoundNanos = 50_000_000L;
    volatile boolean running;
    volatile boolean carrier;
    private volatile Runnable onCarrierChange = () -> { };
    private volatile java.util.function.Consumer<Throwable> onFailure = t -> { };
    private Thread thread;

    private TunnelEndpoint(TunnelConfig config, WireGuardDevice wg, int localPort, Path stateDir,
                           PathSocket serverSocket, TunnelCounters counters) {
        this.config = config;
        this.keys = RelayKeys.fromBase64(config.key());
        this.wg = wg;
        this.localPort = localPort;
        this.wgAddress = PathSocket.loopback(wg.listenPort());
        this.counters = counters;
        this.serverSocket = serverSocket;
        this.scheduler = Scheduler.of(config.mode());
        this.reorder = config.mode() == TunnelMode.AGGREGATE
                ? new ReorderBuffer(4096, REORDER_SLOT, this::deliver) : null;
        this.helloMac = new DatagramMac(keys.hello);
        this.challengeMac = new DatagramMac(keys.challenge);
        this.responseMac = new DatagramMac(keys.response);
        boolean client = config.role() == TunnelRole.CLIENT;
        this.stampFile = new StampFile(stateDir.resolve("tunnel-" + config.name() + (client ? ".client" : ".server")
                + "-stamp"));
        long stored = stampFile.read();
        this.handshake = client ? null : new ServerHandshake(stored);
        this.lastStamp = stored;
        long r = random.nextLong();
        this.run = r == 0 ? 1 : r;
        this.local = PathSocket.local(localPort);
        this.toWireguard = new LocalBatch(local, wgAddress, counters);
    }

    /** A client path: the WAN it leaves by and the server address it talks to. */
    public record ClientPath(String wan, String label, String device, int mark, java.net.InetSocketAddress peer) {
    }

    static TunnelEndpoint client(TunnelConfig config, WireGuardDevice wg, int localPort, Path stateDir,
                                 List<ClientPath> clientPaths, TunnelCounters counters) {
        TunnelEndpoint e = new TunnelEndpoint(config, wg, localPort, stateDir, null, counters);
        List<TunnelPath> ps = new ArrayList<>();
        try {
            for (ClientPath cp : clientPaths) {
                PathSocket s = PathSocket.connect(cp.device(), cp.mark(), cp.peer());
                TunnelPath p = new TunnelPath(ps.size(), cp.label(), cp.wan(), s, null, BEAT_NANOS, DEAD_NANOS);
                ps.add(p);
                e.byId[p.id] = p;
            }
        } catch (RuntimeException ex) {
            ps.forEach(p -> p.socket.close());
            e.local.close();
            throw ex;
        }
        e.paths = ps.toArray(new TunnelPath[0]);
        return e;
    }

    static TunnelEndpoint server(TunnelConfig config, WireGuardDevice wg, int localPort, Path stateDir,
                                 java.net.InetSocketAddress listen, TunnelCounters counters) {
        PathSocket s = PathSocket.listen(listen);
        try {
            TunnelEndpoint e = new TunnelEndpoint(config, wg, localPort, stateDir, s, counters);
            e.paths = new TunnelPath[0];
            return e;
        } catch (RuntimeException ex) {
            s.close();
            throw ex;
        }
    }

    boolean isClient() {
        return serverSocket == null;
    }

    /** Starts the event loop thread; {@code onFailure} hears of an exception that ended it. */
    void start(java.util.function.Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
        running = true;
        Receiver[] receivers;
        int[] fds;
        if (serverSocket != null) {
            receivers = new Receiver[] {new Receiver(this, serverSocket, null)};
            fds = new int[] {serverSocket.fd()};
        } else {
            receivers = Arrays.stream(paths).map(p -> new Receiver(this, p.socket, p)).toArray(Receiver[]::new);
            fds = Arrays.stream(paths).mapToInt(p -> p.socket.fd()).toArray();
        }
        thread = new Thread(new EventLoop(this, new Sender(this), receivers, local.fd(), fds),
                "tunnel-" + config.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** The event loop ended with {@code t}. */
    void failed(Throwable t) {
        running = false;
        onFailure.accept(t);
    }

    // ---- client handshake ----

    /** Client: sends a HELLO on {@code p} with a new stamp (persisted first) and a new client nonce. */
    void sendHello(TunnelPath p, long now) {
        long stamp = StampRule.next(lastStamp, java.time.Instant.now().toEpochMilli() * 1000);
        stampFile.write(stamp);
        lastStamp = stamp;
        byte[] cn = new byte[WireFormat.NONCE];
        random.nextBytes(cn);
        WireFormat.putHeader(ctlBuf, WireFormat.TYPE_HELLO, p.id, 0, 0, 0, 0);
        ctlBuf.putLong(WireFormat.HEADER, stamp);
        ctlBuf.put(WireFormat.HEADER + 8, cn);
        ctlBuf.putLong(WireFormat.HEADER + 8 + WireFormat.NONCE, 0);
        int n = helloMac.sign(ctlBuf, WireFormat.HEADER + WireFormat.HELLO_PAYLOAD);
        p.handshake.helloSent(cn, now);
        sendControl(p.socket, n, null);
        counters.hellosSent.incrementAndGet();
    }

    /** Client: a CHALLENGE (length {@code n} in {@code buf}) arrived on {@code p}: answer it if it answers our HELLO. */
    void onChallenge(TunnelPath p, ByteBuffer buf, int n, byte[] nonceScratch, long now) {
        if (!challengeMac.verify(buf, n) || WireFormat.pathId(buf) != p.id) {
            counters.authFailed.incrementAndGet();
            return;
        }
        WireFormat.nonce(buf, 0, nonceScratch);
        if (!p.handshake.answers(nonceScratch)) {
            counters.staleControl.incrementAndGet(); // a replayed CHALLENGE, or one for a HELLO we gave up
            return;
        }
        byte[] sn = new byte[WireFormat.NONCE];
        WireFormat.nonce(buf, WireFormat.NONCE, sn);
        WireFormat.putHeader(ctlBuf, WireFormat.TYPE_RESPONSE, p.id, 0, 0, 0, 0);
        ctlBuf.put(WireFormat.HEADER, nonceScratch);
        ctlBuf.put(WireFormat.HEADER + WireFormat.NONCE, sn);
        ctlBuf.putLong(WireFormat.HEADER + 2 * WireFormat.NONCE, run);
        int len = responseMac.sign(ctlBuf, WireFormat.HEADER + WireFormat.RESPONSE_PAYLOAD);
        p.handshake.responded(keys.session(nonceScratch, sn), now);
        sendControl(p.socket, len, null);
    }

    /**
     * Client: the MAC to check a session datagram of {@code id} that arrived on {@code p} with, adopting the session
     * if it is the one a RESPONSE of ours made (the server says so by using it); null when it is neither the current
     * session nor one we proposed (a recording of an old session: dropped).
     */
    DatagramMac clientRxMac(long id, ByteBuffer buf, int n) {
        if (id == sessionId && rxMac != null) {
            return rxMac;
        }
        for (TunnelPath q : paths) {
            RelayKeys.SessionKeys k = q.handshake.proposal(id);
            if (k != null) {
                DatagramMac m = new DatagramMac(k.serverToClient());
                if (!m.verify(buf, n)) {
                    return null;
                }
                adopt(k, m);
                return m;
            }
        }
        return null;
    }

    /** Both ends: {@code k} becomes the session; every path of the one before shakes hands again (client). */
    void adopt(RelayKeys.SessionKeys k, DatagramMac rx) {
        boolean client = isClient();
        sessionId = k.id();
        txMac = new DatagramMac(client ? k.clientToServer() : k.serverToClient());
        rxMac = rx != null ? rx : new DatagramMac(client ? k.serverToClient() : k.clientToServer());
        dedup.reset();
        if (reorder != null) {
            reorder.reset();
        }
        counters.sessions.incrementAndGet();
        for (TunnelPath p : paths) {
            p.newPeerSession();
            if (client) {
                p.handshake.sessionReplaced(); // joined to the old session: shake hands again now
            }
        }
    }

    // ---- server handshake ----

    /** Server: a HELLO from {@code from}: a CHALLENGE back only if it is authentic and its stamp new. */
    void onHello(byte[] from, ByteBuffer buf, int n, byte[] cn, long now) {
        if (!helloMac.verify(buf, n)) {
            counters.authFailed.incrementAndGet();
            return;
        }
        long stamp = buf.getLong(WireFormat.HEADER);
        if (!handshake.hello(stamp)) {
            counters.replayedHellos.incrementAndGet();
            return;
        }
        stampFile.write(handshake.highestStamp()); // before answering: a restart must refuse this HELLO again
        int pathId = WireFormat.pathId(buf);
        WireFormat.nonce(buf, 8, cn);
        byte[] sn = new byte[WireFormat.NONCE];
        random.nextBytes(sn);
        handshake.challenged(pathId, from, cn, sn, now);
        WireFormat.putHeader(ctlBuf, WireFormat.TYPE_CHALLENGE, pathId, 0, 0, 0, 0);
        ctlBuf.put(WireFormat.HEADER, cn);
        ctlBuf.put(WireFormat.HEADER + WireFormat.NONCE, sn);
        int len = challengeMac.sign(ctlBuf, WireFormat.HEADER + WireFormat.CHALLENGE_PAYLOAD);
        sendControl(serverSocket, len, from);
        counters.challengesSent.incrementAndGet();
    }

    /** Server: a RESPONSE from {@code from}: the address is proven; the path is learned, moved or joins. */
    void onResponse(byte[] from, ByteBuffer buf, int n, byte[] cn, byte[] sn, long now) {
        if (!responseMac.verify(buf, n)) {
            counters.authFailed.incrementAndGet();
            return;
        }
        int pathId = WireFormat.pathId(buf);
        WireFormat.nonce(buf, 0, cn);
        WireFormat.nonce(buf, WireFormat.NONCE, sn);
        long clientRun = buf.getLong(WireFormat.HEADER + 2 * WireFormat.NONCE);
        ServerHandshake.Outcome o = handshake.response(pathId, from, cn, sn, clientRun, now, PathSocket::sameSender);
        if (o == ServerHandshake.Outcome.STALE) {
            counters.staleControl.incrementAndGet();
            return;
        }
        if (o == ServerHandshake.Outcome.NEW_SESSION) {
            paths = new TunnelPath[0];
            Arrays.fill(byId, null);
            adopt(keys.session(cn, sn), null);
        }
        TunnelPath p = byId[pathId];
        if (p == null) {
            p = new TunnelPath(pathId, "path" + pathId, null, serverSocket, from.clone(), BEAT_NANOS, DEAD_NANOS);
            p.lastHeard = now;
            byId[pathId] = p;
            TunnelPath[] next = Arrays.copyOf(paths, paths.length + 1);
            next[next.length - 1] = p;
            paths = next;
            counters.pathsLearned.incrementAndGet();
        } else if (!PathSocket.sameSender(p.peer, from)) {
            p.peer = from.clone();
            counters.pathsMoved.incrementAndGet();
        }
        p.lastHeard = now;
        p.nextBeat = now; // beat at once: the client learns the session from it
    }

    /** Server: forgets paths silent for longer than {@link #FORGET_NANOS}. */
    void forgetSilent(long now) {
        TunnelPath[] current = paths;
        boolean any = false;
        for (TunnelPath p : current) {
            any |= p.silentFor(FORGET_NANOS, now);
        }
        if (any) {
            TunnelPath[] kept = Arrays.stream(current).filter(p -> !p.silentFor(FORGET_NANOS, now))
                    .toArray(TunnelPath[]::new);
            for (TunnelPath p : current) {
                if (p.silentFor(FORGET_NANOS, now)) {
                    byId[p.id] = null;
                }
            }
            counters.pathsForgotten.addAndGet(current.length - kept.length);
            paths = kept;
        }
    }

    private void sendControl(PathSocket s, int length, byte[] to) {
        if (!s.sendOne(ctl, 0, length, to)) {
            counters.sendErrors.incrementAndGet();
        }
    }

    /** Hands a datagram to WireGuard (the reorder buffer's sink too); it leaves by the end of the loop's turn. */
    void deliver(byte[] buf, int offset, int length) {
        toWireguard.add(buf, offset, length);
    }

    /** Sends what waits for WireGuard: the event loop calls this at the end of every turn. */
    void flushDeliveries() {
        toWireguard.flush();
    }

    /**
     * mwan3's tracker says {@code wan} is (not) usable: the client's paths over it leave the schedule at once
     * (and tell the peer so in their beats, which continue). Any thread.
     */
    public void setWanUsable(String wan, boolean usable) {
        long now = System.nanoTime();
        for (TunnelPath p : paths) {
            if (wan.equals(p.wan) && p.wanUsable != usable) {
                p.setWanUsable(usable, now);
            }
        }
    }

    /** Runs {@code r} (on the tunnel's thread) whenever the tunnel gains its first live path or loses its last. */
    void onCarrierChange(Runnable r) {
        onCarrierChange = r;
    }

    void carrierChanged() {
        onCarrierChange.run();
    }

    /** The paths as status shows them. */
    List<PathStatus> pathStatus() {
        long now = System.nanoTime();
        TunnelPath[] current = paths;
        int active = scheduler instanceof FailoverScheduler f ? f.active() : -1;
        List<PathStatus> ps = new ArrayList<>(current.length);
        for (int i = 0; i < current.length; i++) {
            ps.add(current[i].status(now, active >= 0 && active != i));
        }
        return ps;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (serverSocket != null) {
            serverSocket.close();
        }
        for (TunnelPath p : paths) {
            if (p.socket != serverSocket) {
                p.socket.close();
            }
        }
        local.close();
    }

    /** Reorder counters for status: read racily from another thread, which is fine for two monotonic longs. */
    long reorderLate() {
        return reorder.late();
    }

    long reorderSkipped() {
        return reorder.skipped();
    }

    /** Whether an up path other than {@code self} found itself full in its latest report. */
    boolean otherFull(TunnelPath self) {
        for (TunnelPath p : paths) {
            if (p != self && p.up && p.full) {
                return true;
            }
        }
        return false;
    }
}
