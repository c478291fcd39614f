package net.mwan3.probe;

import java.util.concurrent.CompletableFuture;

/**
 * One probe method of mwan3track (ping, nping-tcp, httping, nslookup), run in-process instead of
 * forking a tool per target and round. Implementations never block the caller: the future
 * completes on the prober's own thread, always normally (failures are described in the result),
 * and no later than the target's timeout (plus scheduling slack) after its name is resolved;
 * literals, mwan3's usual track_ip, need no resolution.
 */
public interface Prober extends AutoCloseable {

    CompletableFuture<ProbeResult> probe(ProbeTarget target);

    /** Releases sockets and threads the prober owns (not a shared event loop). */
    @Override
    void close();
}
