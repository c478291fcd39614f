package net.mwan3.metrics;

import java.net.InetSocketAddress;

/**
 * A {@code metrics_listen} value: {@code host:port}, IPv6 as {@code [addr]:port}. Port 0 asks the
 * kernel for a free port (tests use it).
 */
record HostPort(String host, int port) {

    HostPort {
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("expected host:port, got " + host + ":" + port);
        }
    }

    static HostPort parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("expected host:port (IPv6 as [addr]:port): " + value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, as in [::1]:9184: " + value);
        }
        try {
            return new HostPort(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + value, e);
        }
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }
}
