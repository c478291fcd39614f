package net.mwan3.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * New short TCP connections from the LAN client, one every {@code spacingMs}, each classified anew
 * by mwan3: the "share of new flows per WAN". Every {@code httpsEvery}-th goes to port 443 (the
 * sticky rule). Connections run on their own threads inside the LAN namespace, so one that hangs on
 * a dead WAN does not hold the others back.
 */
public final class TcpTraffic implements AutoCloseable {
    static final int TIMEOUT_MS = 1500;
    private final List<Flow> flows = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private long seq;

    public TcpTraffic(String lanNamespace, int spacingMs, int httpsEvery) {
        ticker = Executors.newSingleThreadScheduledExecutor(NetnsThread.factory(lanNamespace, "lab-tick"));
        workers = Executors.newCachedThreadPool(NetnsThread.factory(lanNamespace, "lab-flow"));
        ticker.scheduleAtFixedRate(() -> {
            int port = ++seq % httpsEvery == 0 ? LabConfig.HTTPS_PORT : Topology.SERVER_PORT;
            try {
                workers.execute(() -> once(port));
            } catch (RejectedExecutionException e) {
                ticker.shutdown(); // closing: stop starting flows
            }
        }, 0, spacingMs, TimeUnit.MILLISECONDS);
    }

    private void once(int port) {
        long start = System.nanoTime();
        int wan = 0;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Topology.SERVER, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            InputStream in = s.getInputStream();
            wan = wanOf(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            wan = 0; // a failed flow: counted as such, the reason does not matter here
        }
        Flow f = new Flow(start, System.nanoTime(), port, wan);
        synchronized (flows) {
            flows.add(f);
        }
    }

    /** WAN number whose masquerade address the server saw, 0 if none. */
    static int wanOf(String seenAs) {
        for (int k = 1; k <= 3; k++) {
            if (Topology.wanAddress(k).equals(seenAs)) {
                return k;
            }
        }
        return 0;
    }

    /** Finished flows that started in [{@code fromNanos}, {@code toNanos}), in start order. */
    public List<Flow> between(long fromNanos, long toNanos) {
        List<Flow> out = new ArrayList<>();
        synchronized (flows) {
            for (Flow f : flows) {
                if (f.startNanos() >= fromNanos && f.startNanos() < toNanos) {
                    out.add(f);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return out;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
