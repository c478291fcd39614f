package net.mwan3.probe;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One ICMP probe in flight: {@code count} echoes spaced over the first half of the timeout, all
 * answered or given up at the deadline. Confined to the poller thread; RTTs come from
 * System.nanoTime taken right after poll(2) returned.
 */
final class IcmpRun {
    private final IcmpSocket socket;
    private final InetAddress target;
    private final ProbeTarget spec;
    private final CompletableFuture<ProbeResult> future;
    private final long start;
    private final long spacing;
    private final long deadline;
    private final long[] sentAt;
    private int attempted;
    private int outstanding;
    private int received;
    private long rttSum;
    private String error;

    IcmpRun(IcmpSocket socket, InetAddress target, ProbeTarget spec, CompletableFuture<ProbeResult> future, long now) {
        this.socket = socket;
        this.target = target;
        this.spec = spec;
        this.future = future;
        this.start = now;
        this.spacing = spec.spacing().toNanos();
        this.deadline = now + spec.timeout().toNanos();
        this.sentAt = new long[spec.count()];
    }

    InetAddress target() {
        return target;
    }

    IcmpSocket socket() {
        return socket;
    }

    /** When this run next needs the poller: its next send, else its deadline. */
    long wakeAt() {
        return attempted < spec.count() ? Math.min(start + attempted * spacing, deadline) : deadline;
    }

    void sendDue(long now) {
        while (attempted < spec.count() && start + attempted * spacing <= now) {
            int i = attempted++;
            sentAt[i] = System.nanoTime();
            String err = socket.send(this, i, target, spec.size(), spec.ttl());
            if (err == null) {
                outstanding++;
            } else if (error == null) {
                error = err;
            }
        }
    }

    void replied(int index, long now) {
        outstanding--;
        received++;
        rttSum += Math.max(0, now - sentAt[index]);
        socket.lastUsed = now;
    }

    boolean finished(long now) {
        return now >= deadline || (attempted == spec.count() && outstanding == 0);
    }

    /** Completes the future; echoes still outstanding count as lost. */
    void complete() {
        socket.forget(this);
        future.complete(result());
    }

    ProbeResult result() {
        if (received == 0 && outstanding == 0 && error != null) {
            return ProbeResult.failed(attempted, error);
        }
        return new ProbeResult(attempted, received, received == 0 ? -1 : rttSum / received / 1000, null);
    }
}
