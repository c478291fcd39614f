package net.mwan3.tunnel.io;

import net.mwan3.sys.LibC;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A UDP socket of the tunnel. A client path socket is pinned to its WAN: SO_BINDTODEVICE (only routes through
 * that device) and SO_MARK = the WAN's mwan3 mark (mwan3's ip rule for that mark sends it out of that WAN, and
 * the nft hook leaves already marked packets alone), so tunnel traffic is never balanced into the tunnel
 * itself; it is connected to its peer. The server socket is bound to {@code listen} and unconnected. Plain
 * non-blocking syscalls through jnr rather than Netty or a DatagramChannel: neither can set SO_BINDTODEVICE or
 * SO_MARK, and one blocking-style thread per socket moved ~1 Gbit/s in the prototype without an event loop.
 */
public final class PathSocket implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private final int fd;
    private final int[] addrLen = new int[1];
    private volatile boolean closed;

    private PathSocket(int fd) {
        this.fd = fd;
    }

    /** A client path: pinned to {@code device} with {@code mark} (0 = none), connected to {@code peer}. */
    public static PathSocket connect(String device, int mark, InetSocketAddress peer) {
        PathSocket s = create(peer.getAddress() instanceof Inet6Address);
        s.pin(device, mark);
        byte[] sa = encode(peer);
        if (C.connect(s.fd, sa, sa.length) != 0) {
            String err = LibC.lastError();
            s.close();
            throw new TunnelIoException("connect " + peer + " via " + device + ": " + err);
        }
        return s;
    }

    /** The server socket, bound to {@code listen}. */
    public static PathSocket listen(InetSocketAddress listen) {
        PathSocket s = create(listen.getAddress() instanceof Inet6Address);
        byte[] sa = encode(listen);
        if (C.bind(s.fd, sa, sa.length) != 0) {
            String err = LibC.lastError();
            s.close();
            throw new TunnelIoException("bind " + listen + ": " + err);
        }
        return s;
    }

    private static PathSocket create(boolean v6) {
        int fd = C.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new TunnelIoException("socket: " + LibC.lastError());
        }
        PathSocket s = new PathSocket(fd);
        s.option(LibC.SO_RCVBUF, 4 << 20);
        s.option(LibC.SO_SNDBUF, 4 << 20);
        return s;
    }

    private void pin(String device, int mark) {
        if (device != null && !device.isEmpty()) {
            byte[] name = Arrays.copyOf(device.getBytes(StandardCharsets.US_ASCII), device.length() + 1);
            if (C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length) != 0) {
                String err = LibC.lastError();
                close();
                throw new TunnelIoException("SO_BINDTODEVICE " + device + ": " + err);
            }
        }
        if (mark != 0 && !option(LibC.SO_MARK, mark)) {
            String err = LibC.lastError();
            close();
            throw new TunnelIoException("SO_MARK 0x" + Integer.toHexString(mark) + ": " + err);
        }
    }

    private boolean option(int name, int value) {
        byte[] v = new byte[4];
        ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(0, value);
        return C.setsockopt(fd, LibC.SOL_SOCKET, name, v, 4) == 0;
    }

    /** Sends position..limit to {@code to} (null on a connected socket); false if dropped (buffer full, ICMP error). */
    public boolean send(ByteBuffer buf, byte[] to) {
        return C.sendto(fd, buf, buf.remaining(), 0, to, to == null ? 0 : to.length) == buf.remaining();
    }

    /**
     * Receives one datagram into {@code buf} from its position and its sender into {@code from} (128 bytes);
     * returns its length (at most the buffer's remaining space, which jnr copies back whatever the datagram's
     * size: keep it near the largest datagram), 0 if none is waiting, -1 on another error (e.g. an ICMP error
     * queued on a connected socket: harmless, the caller counts it and carries on).
     */
    public int receive(ByteBuffer buf, byte[] from) {
        addrLen[0] = from.length;
        long n = C.recvfrom(fd, buf, buf.remaining(), 0, from, addrLen);
        if (n < 0) {
            return LibC.errno() == LibC.EAGAIN ? 0 : -1;
        }
        return (int) n;
    }

    /** The file descriptor, for the event loop's poll set. */
    int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }

    /** struct sockaddr_in / sockaddr_in6 for {@code a}. */
    public static byte[] encode(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] sa = new byte[ip.length == 4 ? 16 : 28];
        ByteBuffer b = ByteBuffer.wrap(sa);
        b.order(ByteOrder.nativeOrder()).putShort(0, (short) (ip.length == 4 ? LibC.AF_INET : LibC.AF_INET6));
        b.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) a.getPort());
        System.arraycopy(ip, 0, sa, ip.length == 4 ? 4 : 8, ip.length);
        return sa;
    }

    /** The address in a sockaddr filled by {@link #receive}, for logs and status (allocates). */
    public static InetSocketAddress decode(byte[] sa) {
        int family = ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).getShort(0);
        int port = ByteBuffer.wrap(sa).order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xFFFF;
        try {
            byte[] ip = family == LibC.AF_INET ? Arrays.copyOfRange(sa, 4, 8) : Arrays.copyOfRange(sa, 8, 24);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad sockaddr", e);
        }
    }

    /** Whether two sockaddrs name the same sender (family, port, address), without allocating. */
    public static boolean sameSender(byte[] a, byte[] b) {
        boolean v4 = (a[0] | a[1]) == LibC.AF_INET;
        int len = v4 ? 8 : 24;
        return Arrays.equals(a, 0, len, b, 0, len);
    }
}
