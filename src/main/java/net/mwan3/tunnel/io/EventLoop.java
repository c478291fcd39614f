package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.mwan3.sys.LibC;

/**
 * The one thread of a tunnel end: it waits in {@code ppoll} on the local WireGuard socket and every path socket
 * at once and runs the {@link Sender} and the {@link Receiver}s on whatever is ready. One thread owns the whole
 * relay state (session, windows, handshake), so none of it needs a lock, and the per-packet work stays on one
 * core, in order. A ready source is drained up to {@link #BURST} packets per turn so none can starve the others.
 * The loop is supervised: an exception ends it and is handed to {@link TunnelEndpoint#failed}, whose owner
 * restarts the tunnel; it never reaches the daemon.
 */
final class EventLoop implements Runnable {
    static final int BURST = 64;
    private static final int POLLFD = 8;
    private final TunnelEndpoint e;
    private final Sender sender;
    private final Receiver[] receivers;
    private final byte[] pollFds;
    private final ByteBuffer pollView;
    private final byte[] timeout = new byte[16];
    private final ByteBuffer timeoutView = ByteBuffer.wrap(timeout).order(ByteOrder.nativeOrder());
    private final boolean[] ready;

    EventLoop(TunnelEndpoint e, Sender sender, Receiver[] receivers, int localFd, int[] socketFds) {
        this.e = e;
        this.sender = sender;
        this.receivers = receivers.clone();
        this.pollFds = new byte[POLLFD * (1 + socketFds.length)];
        this.pollView = ByteBuffer.wrap(pollFds).order(ByteOrder.nativeOrder());
        this.ready = new boolean[1 + socketFds.length];
        pollView.putInt(0, localFd).putShort(4, (short) LibC.POLLIN);
        for (int i = 0; i < socketFds.length; i++) {
            pollView.putInt(POLLFD * (i + 1), socketFds[i]).putShort(POLLFD * (i + 1) + 4, (short) LibC.POLLIN);
        }
        java.util.Arrays.fill(ready, true);
    }

    @Override
    public void run() {
        try {
            while (e.running) {
                turn();
            }
        } catch (RuntimeException | Error t) {
            e.failed(t);
        }
    }

    /**
     * One turn of the loop. A method of its own because HotSpot compiles a method after enough calls but a loop
     * only after tens of thousands of back-edges: the loop above would stay interpreted for minutes at idle.
     */
    private void turn() {
        boolean worked = sender.step(System.nanoTime(), ready[0]);
        for (int i = 0; i < receivers.length; i++) {
            worked |= ready[i + 1] && receivers[i].step();
        }
        e.flushDeliveries(); // what the receivers (and the reorder buffer) released goes to WireGuard now
        if (worked) {
            java.util.Arrays.fill(ready, true);
        } else {
            await(Math.max(0, sender.wakeAt() - System.nanoTime()));
        }
    }

    /** Sleeps until a source is readable or {@code nanos} passed, and notes which sources are ready. */
    private void await(long nanos) {
        for (int i = 0; i < ready.length; i++) {
            pollView.putShort(POLLFD * i + 6, (short) 0);
        }
        timeoutView.putLong(0, nanos / 1_000_000_000L).putLong(8, nanos % 1_000_000_000L);
        int n = LibC.INSTANCE.ppoll(pollFds, ready.length, timeout, null);
        for (int i = 0; i < ready.length; i++) {
            ready[i] = n < 0 || pollView.getShort(POLLFD * i + 6) != 0;
        }
    }
}
