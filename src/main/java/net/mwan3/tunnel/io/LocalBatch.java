package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.GsoBatch;

/**
 * The run of datagrams waiting for WireGuard on the local socket: as on the path sockets, one UDP GSO
 * {@code sendmsg} per run instead of one per datagram (the kernel cuts it, or hands it whole to a socket with
 * UDP_GRO, as wireguard-go's is). A run is sent when the next datagram cannot join and at the end of every loop
 * turn, so nothing waits for more traffic. Allocated once; event loop thread only.
 */
final class LocalBatch {
    private final GsoBatch run = new GsoBatch();
    private final ByteBuffer data = ByteBuffer.allocateDirect(GsoBatch.MAX_BYTES);
    private final long address = MessageBlock.address(data);
    private final PathSocket socket;
    private final byte[] to;
    private final TunnelCounters counters;

    LocalBatch(PathSocket socket, byte[] to, TunnelCounters counters) {
        this.socket = socket;
        this.to = to;
        this.counters = counters;
    }

    /** Adds {@code buf[offset..offset+length)}; a run that cannot take it is sent first. */
    void add(byte[] buf, int offset, int length) {
        if (!run.accepts(length)) {
            flush();
        }
        data.put(run.add(length), buf, offset, length);
        if (run.complete()) {
            flush();
        }
    }

    /** Sends the run, if any, and counts what was delivered and what was lost. */
    void flush() {
        if (run.isEmpty()) {
            return;
        }
        int count = run.count();
        int sent = socket.send(address, run.bytes(), run.segmentSize(), count, to);
        counters.delivered.addAndGet(sent);
        if (sent < count) {
            counters.localSendErrors.addAndGet(count - sent);
        }
        run.clear();
    }
}
