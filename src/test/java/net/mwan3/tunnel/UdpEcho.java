package net.mwan3.tunnel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import net.mwan3.lab.NetnsThread;

/**
 * A UDP echo server and a prober for it, both on namespace threads of the test JVM: the raw round trip of a path
 * through the {@link UdpDelayRelay}, which ICMP ping cannot give (the relay carries UDP only). A probe carries its
 * send time ({@link System#nanoTime}, same JVM), so replies need no matching and late ones still count.
 */
final class UdpEcho implements AutoCloseable {
    private final ExecutorService thread;
    private final DatagramSocket socket;

    private UdpEcho(ExecutorService thread, DatagramSocket socket) {
        this.thread = thread;
        this.socket = socket;
    }

    /** Echoes every datagram arriving at {@code at} in namespace {@code ns} back to its sender. */
    static UdpEcho serve(String ns, InetSocketAddress at) throws IOException {
        ExecutorService t = Executors.newSingleThreadExecutor(NetnsThread.factory(ns, "udp-echo"));
        DatagramSocket s = onThread(t, () -> new DatagramSocket(at));
        t.execute(() -> echo(s));
        return new UdpEcho(t, s);
    }

    private static void echo(DatagramSocket s) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!s.isClosed()) {
            p.setLength(buf.length);
            try {
                s.receive(p);
                s.send(p);
            } catch (IOException e) {
                if (!s.isClosed()) {
                    System.err.println("UdpEcho: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Sends {@code count} probes from namespace {@code ns} to {@code target}, one every {@code intervalNanos}, and
     * returns the round trips (milliseconds, sorted) of the replies that came within 2 s of the last probe.
     */
    static List<Double> probe(String ns, InetSocketAddress target, int count, long intervalNanos) throws IOException {
        ExecutorService t = Executors.newSingleThreadExecutor(NetnsThread.factory(ns, "udp-echo-probe"));
        try (DatagramSocket s = onThread(t, () -> {
            DatagramSocket d = new DatagramSocket();
            d.connect(target);
            d.setSoTimeout(2000);
            return d;
        })) {
            List<Double> rtts = Collections.synchronizedList(new ArrayList<>());
            Thread receiver = new Thread(() -> collect(s, count, rtts), "udp-echo-collect");
            receiver.setDaemon(true);
            receiver.start();
            ByteBuffer out = ByteBuffer.allocate(8);
            DatagramPacket p = new DatagramPacket(out.array(), 8);
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                out.putLong(0, System.nanoTime());
                s.send(p);
                next += intervalNanos;
            }
            receiver.join(4000);
            List<Double> sorted = new ArrayList<>(rtts);
            Collections.sort(sorted);
            return sorted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted probing " + target, e);
        } finally {
            t.shutdownNow();
        }
    }

    /** Collects round trips until {@code count} replies came or none came for 2 s. */
    private static void collect(DatagramSocket s, int count, List<Double> rtts) {
        DatagramPacket in = new DatagramPacket(new byte[64], 64);
        while (rtts.size() < count) {
            in.setLength(64);
            try {
                s.receive(in);
                if (in.getLength() == 8) {
                    rtts.add((System.nanoTime() - ByteBuffer.wrap(in.getData()).getLong(0)) / 1e6);
                }
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException e) {
                System.err.println("UdpEcho probe: " + e.getMessage());
                return;
            }
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T onThread(ExecutorService t, IoCall<T> call) throws IOException {
        try {
            return t.submit(call::call).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        socket.close();
        thread.shutdownNow();
    }
}
