package net.mwan3.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

import net.mwan3.model.Family;

/**
 * What to probe and how to leave the box: the fields mwan3 hands its probe tools on the command
 * line ({@code count}, {@code size}, {@code max_ttl}, {@code timeout}) plus the ones its sockopt
 * wrapper forces onto every socket ({@code DEVICE}, {@code SRCIP}, {@code FWMARK}).
 *
 * @param host    IPv4/IPv6 literal or host name
 * @param family  family to resolve a host name to; {@code null} takes the first address found
 * @param device  device for SO_BINDTODEVICE; {@code null} leaves the socket unbound
 * @param source  source address to bind; {@code null} lets the kernel choose
 * @param mark    SO_MARK value; 0 leaves the mark alone
 * @param count   number of echoes (requests, connection attempts) per probe, at least 1
 * @param size    ICMP payload bytes (ping's {@code -s}); ignored by the other probers
 * @param ttl     IP TTL / IPv6 hop limit (ping's {@code -t}); ignored by the other probers
 * @param timeout the whole probe's time budget; all attempts end by then
 */
public record ProbeTarget(String host, Family family, String device, InetAddress source, int mark,
                          int count, int size, int ttl, Duration timeout) {

    public ProbeTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        if (size < 0 || size > 65000) {
            throw new IllegalArgumentException("size out of range: " + size);
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl out of range: " + ttl);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** mwan3's defaults: one echo of 56 bytes, TTL 60, 4 s timeout, unbound and unmarked. */
    public static ProbeTarget of(String host) {
        return new ProbeTarget(host, null, null, null, 0, 1, 56, 60, Duration.ofSeconds(4));
    }

    public ProbeTarget withFamily(Family f) {
        return new ProbeTarget(host, f, device, source, mark, count, size, ttl, timeout);
    }

    /** Binds to {@code dev} with source {@code src} (may be null), as the tracker does per WAN. */
    public ProbeTarget via(String dev, InetAddress src) {
        return new ProbeTarget(host, family, dev, src, mark, count, size, ttl, timeout);
    }

    public ProbeTarget withMark(int m) {
        return new ProbeTarget(host, family, device, source, m, count, size, ttl, timeout);
    }

    public ProbeTarget withCount(int c) {
        return new ProbeTarget(host, family, device, source, mark, c, size, ttl, timeout);
    }

    public ProbeTarget withSize(int s) {
        return new ProbeTarget(host, family, device, source, mark, count, s, ttl, timeout);
    }

    public ProbeTarget withTtl(int t) {
        return new ProbeTarget(host, family, device, source, mark, count, size, t, timeout);
    }

    public ProbeTarget withTimeout(Duration d) {
        return new ProbeTarget(host, family, device, source, mark, count, size, ttl, d);
    }

    /** Gap between attempts: all {@code count} go out in the first half of the timeout. */
    public Duration spacing() {
        return count == 1 ? Duration.ZERO : timeout.dividedBy(2L * count);
    }
}
