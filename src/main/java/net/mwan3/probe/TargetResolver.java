package net.mwan3.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import net.mwan3.model.Family;

/**
 * Turns a target into an address without blocking a prober thread: literals are parsed in place
 * (mwan3's track_ip is nearly always a literal), host names go to getaddrinfo on a separate
 * daemon pool, since a hung resolver must not stall the poller or the event loop.
 */
final class TargetResolver {
    private static final ExecutorService NAMES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mwan3-probe-resolve");
        t.setDaemon(true);
        return t;
    });

    /**
     * Literals parsed before, by family and text: each round probes the same targets again, and
     * parsing them every time was a good part of a probe's cost. A literal's address never changes;
     * the bound only stops a stream of distinct targets from growing the map.
     */
    private static final java.util.Map<String, CompletableFuture<InetAddress>> LITERALS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_LITERALS = 1024;

    private TargetResolver() {
    }

    static CompletableFuture<InetAddress> resolve(String host, Family family) {
        return resolve(host, family, NAMES);
    }

    static CompletableFuture<InetAddress> resolve(String host, Family family, Executor names) {
        String key = family + " " + host;
        CompletableFuture<InetAddress> known = LITERALS.get(key);
        if (known != null) {
            return known;
        }
        if (isLiteral(host)) {
            CompletableFuture<InetAddress> parsed;
            try {
                parsed = CompletableFuture.completedFuture(pick(InetAddress.getAllByName(host), family, host));
            } catch (UnknownHostException e) {
                parsed = CompletableFuture.failedFuture(e);
            }
            if (LITERALS.size() >= MAX_LITERALS) {
                LITERALS.clear();
            }
            LITERALS.put(key, parsed);
            return parsed;
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pick(InetAddress.getAllByName(host), family, host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, names);
    }

    /** An IPv6 literal has a colon; an IPv4 literal is four dotted decimal numbers. */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress pick(InetAddress[] all, Family family, String host) throws UnknownHostException {
        for (InetAddress a : all) {
            if (family == null || (family == Family.IPV4 ? a instanceof Inet4Address : a instanceof Inet6Address)) {
                return a;
            }
        }
        throw new UnknownHostException(host + ": no " + family + " address");
    }
}
