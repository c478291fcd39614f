package net.mwan3.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A long-lived UDP flow with a fixed 5-tuple from the LAN client to the echo server, one datagram
 * every {@code spacingMs}: what a VoIP call or a WireGuard tunnel looks like to mwan3. Each reply
 * names the WAN address it arrived from, so {@link #firstVia} tells when the flow moved.
 */
public final class UdpFlow implements AutoCloseable {
    /** One reply: when it arrived (System.nanoTime) and the source address the server saw. */
    public record Reply(long nanos, String seenAs) {
    }

    private final List<Reply> replies = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public UdpFlow(String lanNamespace, String source, int sourcePort, String server, int port, int spacingMs) {
        thread = new Thread(() -> {
            NetnsThread.enter(lanNamespace);
            run(source, sourcePort, server, port, spacingMs);
        }, "udp-flow");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String source, int sourcePort, String server, int port, int spacingMs) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), sourcePort))) {
            s.setSoTimeout(spacingMs);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(server), port);
            byte[] ping = "x".getBytes(StandardCharsets.US_ASCII);
            byte[] buf = new byte[256];
            long next = System.nanoTime();
            while (running) {
                s.send(new DatagramPacket(ping, ping.length, to));
                next += spacingMs * 1_000_000L;
                while (running && System.nanoTime() < next) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        String seen = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).strip();
                        synchronized (replies) {
                            replies.add(new Reply(System.nanoTime(), seen));
                        }
                    } catch (SocketTimeoutException e) {
                        s.setSoTimeout(Math.max(1, (int) ((next - System.nanoTime()) / 1_000_000)));
                    }
                }
                s.setSoTimeout(spacingMs);
            }
        } catch (IOException e) {
            synchronized (replies) {
                replies.add(new Reply(System.nanoTime(), "error " + e.getMessage()));
            }
        }
    }

    public List<Reply> replies() {
        synchronized (replies) {
            return List.copyOf(replies);
        }
    }

    /** The first reply at or after {@code sinceNanos} seen as {@code address}, or null. */
    public Reply firstVia(String address, long sinceNanos) {
        return replies().stream().filter(r -> r.nanos() >= sinceNanos && r.seenAs().equals(address)).findFirst()
                .orElse(null);
    }

    /** The most recent reply, or null. */
    public Reply last() {
        List<Reply> r = replies();
        return r.isEmpty() ? null : r.get(r.size() - 1);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
