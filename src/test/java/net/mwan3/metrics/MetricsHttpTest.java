package net.mwan3.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The endpoint on 127.0.0.1 with a port the kernel picks. */
class MetricsHttpTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(InetSocketAddress at, String method, String path)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsAndNothingElse() throws Exception {
        try (MicrometerMetrics m = MicrometerMetrics.start("127.0.0.1:0",
                () -> StatusFixtures.of(StatusFixtures.wanOnline()))) {
            InetSocketAddress at = m.address();
            assertTrue(at.getPort() > 0);
            m.event("wan", "ifup");

            HttpResponse<String> ok = send(at, "GET", "/metrics");
            assertEquals(200, ok.statusCode());
            assertEquals(MetricsHttpServer.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElse(""));
            var samples = PrometheusText.samples(ok.body());
            assertEquals(1.0, samples.get("mwan3_interface_up{interface=\"wan\"}"));
            assertEquals(1.0, samples.get("mwan3_events_total{action=\"ifup\",interface=\"wan\"}"));

            assertEquals(404, send(at, "GET", "/").statusCode());
            assertEquals(405, send(at, "POST", "/metrics").statusCode());
        }
    }

    @Test
    void closingStopsTheServer() throws Exception {
        InetSocketAddress at;
        try (MicrometerMetrics m = MicrometerMetrics.start("127.0.0.1:0", () -> StatusFixtures.of())) {
            at = m.address();
            assertEquals(200, send(at, "GET", "/metrics").statusCode());
        }
        assertThrows(ConnectException.class, () -> send(at, "GET", "/metrics"));
    }

    @Test
    void aScrapeThatFailsAnswers500() throws Exception {
        try (MicrometerMetrics m = MicrometerMetrics.start("127.0.0.1:0", () -> {
            throw new IllegalStateException("no snapshot");
        })) {
            assertEquals(500, send(m.address(), "GET", "/metrics").statusCode());
        }
    }

    @Test
    void aPortInUseIsAnIoError() throws Exception {
        try (MicrometerMetrics first = MicrometerMetrics.start("127.0.0.1:0", () -> StatusFixtures.of())) {
            String taken = "127.0.0.1:" + first.address().getPort();
            assertThrows(IOException.class, () -> MicrometerMetrics.start(taken, () -> StatusFixtures.of()));
        }
    }

    /**
     * A client that sends half a request and stalls: a scrape beside it is answered without waiting
     * for it, and the server closes the stalled connection within the request time limit; two stalled
     * clients (as many as workers) delay a scrape by that limit at most.
     */
    @Test
    void aStalledClientCannotHoldTheListener() throws Exception {
        try (MicrometerMetrics m = MicrometerMetrics.start("127.0.0.1:0", () -> StatusFixtures.of());
             java.net.Socket slow = stalled(m.address());
             java.net.Socket slower = stalled(m.address())) {
            long t0 = System.nanoTime();
            assertEquals(200, send(m.address(), "GET", "/metrics").statusCode());
            long answered = (System.nanoTime() - t0) / 1_000_000;
            slow.setSoTimeout((MetricsHttpServer.MAX_REQUEST_SECONDS + 5) * 1000);
            long t1 = System.nanoTime();
            assertEquals(-1, slow.getInputStream().read(), "the server closed the stalled connection");
            long closed = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(answered < (MetricsHttpServer.MAX_REQUEST_SECONDS + 3) * 1000L, answered + " ms");
            try (java.net.Socket third = stalled(m.address())) {
                long t2 = System.nanoTime();
                assertEquals(200, send(m.address(), "GET", "/metrics").statusCode());
                System.out.printf("scrape beside two stalled clients: %d ms; beside one: %d ms; a stalled connection"
                        + " closed after %d ms%n", answered, (System.nanoTime() - t2) / 1_000_000, closed);
                assertTrue((System.nanoTime() - t2) / 1_000_000 < MetricsHttpServer.MAX_REQUEST_SECONDS * 1000L,
                        "one stalled client holds one worker, not the listener");
            }
        }
    }

    /** A connection that sent half a request and says no more. */
    private static java.net.Socket stalled(InetSocketAddress at) throws IOException, InterruptedException {
        java.net.Socket s = new java.net.Socket("127.0.0.1", at.getPort());
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(100);
        return s;
    }

    @Test
    void anAddressBeyondLoopbackIsWarnedAbout() throws Exception {
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(MetricsHttpServer.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            try (MicrometerMetrics m = MicrometerMetrics.start("127.0.0.1:0", () -> StatusFixtures.of())) {
                assertTrue(warnings.isEmpty(), warnings.toString());
            }
            try (MicrometerMetrics m = MicrometerMetrics.start("0.0.0.0:0", () -> StatusFixtures.of())) {
                assertTrue(warnings.stream().anyMatch(w -> w.startsWith("WARNING") && w.contains("prefer 127.0.0.1")),
                        warnings.toString());
            }
        } finally {
            log.removeHandler(h);
        }
    }
}
