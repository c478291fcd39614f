package net.mwan3.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server answering {@code GET /metrics} (and HEAD) on one address. One worker thread:
 * scrapes are rare and cheap, and a single thread bounds what a busy scraper can cost the router.
 */
final class MetricsHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsHttpServer.class.getName());
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService worker;

    private MetricsHttpServer(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    static MetricsHttpServer start(HostPort where, Supplier<String> body) throws IOException {
        InetSocketAddress address = where.socketAddress();
        if (address.isUnresolved()) {
            throw new IOException("metrics_listen: cannot resolve " + where.host());
        }
        HttpServer server = HttpServer.create(address, 8);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mwan3-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext("/", exchange -> handle(exchange, body));
        server.start();
        return new MetricsHttpServer(server, worker);
    }

    private static void handle(HttpExchange exchange, Supplier<String> body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "not found; metrics are at /metrics\n", true);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "method not allowed\n", true);
            } else {
                scrape(exchange, body, !method.equals("HEAD"));
            }
        }
    }

    private static void scrape(HttpExchange exchange, Supplier<String> body, boolean withBody) throws IOException {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics scrape failed: {0}", e.toString());
            reply(exchange, 500, "scrape failed\n", true);
            return;
        }
        reply(exchange, 200, text, withBody);
    }

    private static void reply(HttpExchange exchange, int code, String text, boolean withBody) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", code == 200 ? CONTENT_TYPE : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
