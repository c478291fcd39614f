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
 * The JDK's HTTP server answering {@code GET /metrics} (and HEAD) on one address. Two worker threads:
 * scrapes are rare and cheap, and a small pool bounds what a busy scraper can cost the router. A
 * client has {@link #MAX_REQUEST_SECONDS} to send its request and {@link #MAX_RESPONSE_SECONDS} to
 * take the answer (the JDK server's own limits, off by default), so a slow or stalled client cannot
 * hold a worker, and with it the listener, for longer.
 */
final class MetricsHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsHttpServer.class.getName());
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final int MAX_REQUEST_SECONDS = 2;
    static final int MAX_RESPONSE_SECONDS = 10;

    static {
        // Read once, when the JDK's server classes load: set before the first server is created.
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
    }

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
        ExecutorService worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mwan3-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext("/", exchange -> handle(exchange, body));
        server.start();
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            LOG.warning(() -> "metrics on " + server.getAddress() + " can be read by anyone who reaches that address:"
                    + " they show every WAN's state and targets; prefer 127.0.0.1 (or firewall the port)");
        }
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
