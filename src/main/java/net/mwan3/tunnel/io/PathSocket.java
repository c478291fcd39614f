package net.mwan3.tunnel.io;

import net.mwan3.sys.LibC;
import net.mwan3.tunnel.SocketMessage;
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
 * Datagrams go and come through {@code sendmsg}/{@code recvmsg} with UDP GSO and GRO where the kernel allows
 * (as wireguard-go does): a run of equal datagrams is one call each way, which is most of the per-packet cost.
 */
public final class PathSocket implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private static final InetAddress LOOPBACK = loopbackV4();
    /** UDP GSO and GRO unless {@code -Dmwan3.tunnel.udpgso=false} (then every socket is what a refusal leaves). */
    static final boolean UDP_OFFLOAD = !"false".equals(System.getProperty("mwan3.tunnel.udpgso"));
    private final int fd;
    private final MessageBlock tx = new MessageBlock();
    private final MessageBlock rx = new MessageBlock();
    /** Reads land here: 64 KiB, a whole GRO read; only what the caller asks for is copied out. */
    private final ByteBuffer rxData = ByteBuffer.allocateDirect(65536);
    private final ByteBuffer oneData = ByteBuffer.allocateDirect(65536);
    private final long oneAddress = MessageBlock.address(oneData);
    private boolean gso = UDP_OFFLOAD;
    private boolean gsoRefused;
    private int groSize;
    private volatile boolean closed;

    private PathSocket(int fd) {
        this.fd = fd;
        rx.data(MessageBlock.address(rxData), rxData.capacity());
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
        if (UDP_OFFLOAD) {
            // A kernel that refuses UDP_GRO hands over one datagram per read, which the receiver handles as well.
            s.option(SocketMessage.SOL_UDP, SocketMessage.UDP_GRO, 1);
        }
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
        return option(LibC.SOL_SOCKET, name, value);
    }

    private boolean option(int level, int name, int value) {
        byte[] v = new byte[4];
        ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(0, value);
        return C.setsockopt(fd, level, name, v, 4) == 0;
    }

    /**
     * Sends a run of {@code count} datagrams that lie back to back at native {@code address} ({@code length}
     * bytes; each {@code segmentSize} long but the last) to {@code to} (null on a connected socket); returns how
     * many went out. With UDP GSO the run is one {@code sendmsg} and the kernel cuts it (after the routing and
     * netfilter work done once); otherwise, or once the kernel refused UDP_SEGMENT, one {@code sendmsg} per
     * datagram. A datagram is lost when the buffer is full or an ICMP error is queued; a run goes as a whole.
     */
    int send(long address, int length, int segmentSize, int count, byte[] to) {
        tx.destination(to);
        if (count > 1 && gso) {
            tx.data(address, length);
            tx.segmentSize(segmentSize);
            if (C.sendmsg(fd, tx.msg, 0) == length) {
                return count;
            }
            if (!refusal(LibC.errno())) {
                return 0;
            }
            gso = false; // this kernel, device or path cannot: one datagram per call from now on
            gsoRefused = true;
        }
        tx.segmentSize(0);
        int sent = 0;
        for (int at = 0; at < length; at += segmentSize) {
            int n = Math.min(segmentSize, length - at);
            tx.data(address + at, n);
            sent += C.sendmsg(fd, tx.msg, 0) == n ? 1 : 0;
        }
        return sent;
    }

    /**
     * Sends one datagram {@code buf[offset..offset+length)} to {@code to} (null on a connected socket) through a
     * direct scratch buffer; returns whether it went. For control messages, beats and deliveries to WireGuard.
     */
    boolean sendOne(byte[] buf, int offset, int length, byte[] to) {
        oneData.clear();
        oneData.put(0, buf, offset, length);
        tx.destination(to);
        tx.segmentSize(0);
        tx.data(oneAddress, length);
        return C.sendmsg(fd, tx.msg, 0) == length;
    }

    /** The local UDP socket toward WireGuard: bound to 127.0.0.1:{@code port}. */
    public static PathSocket local(int port) {
        return listen(new InetSocketAddress(LOOPBACK, port));
    }

    /** A loopback sockaddr for {@code port}. */
    public static byte[] loopback(int port) {
        return encode(new InetSocketAddress(LOOPBACK, port));
    }

    /**
     * Errors that mean "not with UDP_SEGMENT" rather than "not now": no GSO in this kernel (EINVAL, EOPNOTSUPP),
     * a device without checksum offload (EIO), a segment over the path MTU (EMSGSIZE: the kernel would fragment
     * a single datagram but does not segment into fragments).
     */
    private static boolean refusal(int errno) {
        return errno == LibC.EINVAL || errno == LibC.EIO || errno == LibC.EOPNOTSUPP || errno == LibC.EMSGSIZE;
    }

    /** Whether runs still go out as one call (UDP GSO on and not refused by the kernel). */
    boolean segmentOffload() {
        return gso;
    }

    /** Whether the kernel refused UDP_SEGMENT on this socket (it sends one datagram per call since). */
    boolean segmentOffloadRefused() {
        return gsoRefused;
    }

    /**
     * Receives into this socket's buffer and the sender's sockaddr into {@code from} (128 bytes); returns the
     * length, 0 if nothing is waiting, -1 on another error (e.g. an ICMP error queued on a connected socket:
     * harmless, the caller counts it and carries on). With UDP GRO a read may be several datagrams of
     * {@link #segmentSize} bytes (the last may be shorter), all from the same sender; copy them out with
     * {@link #copy}.
     */
    int receive(byte[] from) {
        rx.prepareReceive();
        long n = C.recvmsg(fd, rx.msg, 0);
        if (n < 0) {
            return LibC.errno() == LibC.EAGAIN ? 0 : -1;
        }
        rx.sender(from);
        groSize = rx.groSize();
        return (int) n;
    }

    /** The GRO segment size of the last {@link #receive}; 0 when it was one datagram. */
    int segmentSize() {
        return groSize;
    }

    /** Copies {@code length} bytes from {@code offset} of the last read into {@code dst[0..]}. */
    void copy(int offset, byte[] dst, int length) {
        rxData.get(offset, dst, 0, length);
    }

    /** Copies {@code length} bytes from {@code offset} of the last read into {@code dst[at..]}. */
    void copy(int offset, byte[] dst, int at, int length) {
        rxData.get(offset, dst, at, length);
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

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
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
