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
}
