package net.mwan3.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP download for the bonded scene: a sender thread in the server's namespace writes at a fixed pace (so the
 * lab's two cores keep time for tracking), a receiver thread in the LAN namespace counts the bytes. The pace is
 * what a video call or a large download over a small uplink looks like; the point is whether it stalls.
 */
final class BondDownload implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;
    private final AtomicLong received = new AtomicLong();
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile String error;
    private volatile ServerSocket server;

    BondDownload(String serverNs, String address, int port, String clientNs, int mbit) {
        sender = new Thread(() -> {
            NetnsThread.enter(serverNs);
            send(address, port, mbit);
        }, "bond-download-send");
        receiver = new Thread(() -> {
            NetnsThread.enter(clientNs);
            receive(address, port);
        }, "bond-download-receive");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
    }

    private void send(String address, int port, int mbit) {
        long chunkNanos = CHUNK * 8L * 1000 / mbit;
        byte[] data = new byte[CHUNK];
        try (ServerSocket s = new ServerSocket()) {
            server = s;
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
                long next = System.nanoTime();
                while (running) {
                    out.write(data);
                    next += chunkNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        } catch (IOException e) {
            if (running) {
                error = "download server: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive(String address, int port) {
        byte[] buf = new byte[64 * 1024];
        for (int attempt = 0; attempt < 50 && running; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2000);
                InputStream in = s.getInputStream();
                int n;
                while (running && (n = in.read(buf)) >= 0) {
                    received.addAndGet(n);
                }
                return;
            } catch (IOException e) {
                error = "download client: " + e.getMessage();
                LabRouter.pause(100);
            }
        }
    }

    /** Bytes received so far. */
    long received() {
        return received.get();
    }

    /** The last problem, or null. */
    String error() {
        return error;
    }

    @Override
    public void close() {
        running = false;
        ServerSocket s = server;
        try {
            if (s != null) {
                s.close();
            }
            sender.join(2000);
            receiver.join(2000);
        } catch (IOException e) {
            error = "closing the download: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
