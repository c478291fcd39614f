package net.mwan3.tunnel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One direction of one relayed path: datagrams wait in a {@link DelayQueue} until the {@link DelaySchedule} says
 * they are due, then {@link #run} sends them. The delay is read per datagram from {@code delay}, so it can change
 * while traffic flows. Each datagram is copied once (the receiver's buffer is reused at once); that is the only
 * allocation per datagram besides the queue entry.
 */
final class DelayLine implements Runnable {
    private record Pending(long due, long seq, byte[] data, DatagramSocket via, SocketAddress to) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        /** By due time, then by arrival: equal due times (the in-order clamp) leave in arrival order. */
        @Override
        public int compareTo(Delayed o) {
            Pending p = (Pending) o;
            int c = Long.compare(due, p.due);
            return c != 0 ? c : Long.compare(seq, p.seq);
        }
    }

    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final DelaySchedule schedule = new DelaySchedule();
    private final Supplier<PathDelay> delay;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private long seq;

    DelayLine(Supplier<PathDelay> delay) {
        this.delay = delay;
    }

    /** Queues {@code len} bytes of {@code buf} to leave by {@code via} towards {@code to} when due. */
    synchronized void submit(byte[] buf, int off, int len, DatagramSocket via, SocketAddress to) {
        long due = schedule.due(System.nanoTime(), delay.get(), ThreadLocalRandom.current().nextDouble());
        queue.add(new Pending(due, seq++, Arrays.copyOfRange(buf, off, off + len), via, to));
    }

    /** Sends datagrams as they fall due, until interrupted. */
    @Override
    public void run() {
        DatagramPacket out = new DatagramPacket(new byte[0], 0);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending p = queue.take();
                out.setData(p.data);
                out.setSocketAddress(p.to);
                try {
                    p.via.send(out);
                    forwarded.incrementAndGet();
                } catch (IOException e) {
                    sendErrors.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long forwarded() {
        return forwarded.get();
    }

    long sendErrors() {
        return sendErrors.get();
    }
}
