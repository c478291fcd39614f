package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.mwan3.sys.LibC;

/**
 * The one thread of a tunnel end: it waits in {@code ppoll} on the TUN device and every path socket at once and
 * runs the {@link Sender} and the {@link Receiver}s on whatever is ready. One thread instead of a sender and a
 * receiver per socket saves a thread wake-up per packet where it matters most: writing a TCP ACK into the TUN
 * device lets the kernel queue the next data segments at once, and a ping written in is answered at once, and
 * this thread finds them on its next turn without being woken. It also keeps the per-packet work on one core, in
 * order. A ready source is drained up to {@link #BURST} packets per turn so none can starve the others. With
 * TUN offloads, the segments merged for the TUN device during a turn are written at its end.
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

    EventLoop(TunnelEndpoint e, Sender sender, Receiver[] receivers, int tunFd, int[] socketFds) {
        this.e = e;
        this.sender = sender;
        this.receivers = receivers.clone();
        this.pollFds = new byte[POLLFD * (1 + socketFds.length)];
        this.pollView = ByteBuffer.wrap(pollFds).order(ByteOrder.nativeOrder());
        this.ready = new boolean[1 + socketFds.length];
        pollView.putInt(0, tunFd).putShort(4, (short) LibC.POLLIN);
        for (int i = 0; i < socketFds.length; i++) {
            pollView.putInt(POLLFD * (i + 1), socketFds[i]).putShort(POLLFD * (i + 1) + 4, (short) LibC.POLLIN);
        }
        java.util.Arrays.fill(ready, true);
    }

    @Override
    public void run() {
        while (e.running) {
            turn();
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
        e.flushTun(); // merged segments wait no longer than the turn that received them
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
