package net.mwan3.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.netlink.NlMessage;

/**
 * One netlink socket (rtnetlink or ctnetlink) in the namespace of the thread that opens it:
 * numbered requests, dumps read to their end, batches of changes acknowledged one by one, and the
 * multicast groups a subscription joins. Only datagrams from the kernel (port 0) are read; another
 * process writing to our port is ignored. Not thread-safe: one owner at a time.
 */
public final class NetlinkSocket implements AutoCloseable {
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_NETFILTER = 12;
    private static final LibC C = LibC.INSTANCE;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int SOCK_RAW = 3;
    /** A dump's datagrams are at most 32 KiB; notifications smaller. */
    private static final int RECEIVE = 64 * 1024;
    /** Bytes per send: well inside the default send buffer. */
    private static final int BATCH = 32 * 1024;
    /**
     * Requests per send: the kernel queues every ack of one send before we read any, each as its
     * own buffer of about a kilobyte of the receive buffer's 208 KiB (more overflows: ENOBUFS).
     */
    private static final int BATCH_MESSAGES = 128;
    private static final int REPLY_TIMEOUT_MS = 5000;
    private static final int DUMP_ATTEMPTS = 5;

    private final int fd;
    private final int portid;
    private final byte[] rx;
    private final ByteBuffer rxView;
    private final ByteBuffer fromView;
    private final int[] fromLen = new int[1];
    private final byte[] from = new byte[12];
    /** The kernel's address (port 0), the destination of every request. */
    private final byte[] kernel = address(0, 0);
    private int seq;
    private boolean closed;

    private NetlinkSocket(int fd, int portid, int datagram) {
        this.rx = new byte[datagram];
        this.rxView = ByteBuffer.wrap(rx).order(ByteOrder.nativeOrder());
        this.fromView = ByteBuffer.wrap(from).order(ByteOrder.nativeOrder());
        this.fd = fd;
        this.portid = portid;
        this.seq = portid;
    }

    /**
     * Opens and binds a socket of {@code protocol}, joined to the multicast {@code groups} (a bit
     * mask, 0 for a request socket), with a receive buffer of {@code rcvbuf} bytes (0: the default).
     */
    public static NetlinkSocket open(int protocol, int groups, int rcvbuf) {
        return open(protocol, groups, rcvbuf, RECEIVE);
    }

    /**
     * As {@link #open(int, int, int)}, receiving datagrams of at most {@code datagram} bytes: a socket
     * polled ten times a second for a few small objects reads into a small buffer (each receive copies
     * the whole buffer across the native boundary), and the kernel sizes its dump datagrams to the
     * largest receive it has seen, so they fit.
     */
    public static NetlinkSocket open(int protocol, int groups, int rcvbuf, int datagram) {
        int fd = C.socket(LibC.AF_NETLINK, SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new NetlinkException("netlink socket (protocol " + protocol + ")", LibC.errno(), null);
        }
        try {
            option(fd, LibC.SOL_NETLINK, NETLINK_EXT_ACK, 1);
            option(fd, LibC.SOL_NETLINK, NETLINK_CAP_ACK, 1);
            if (rcvbuf > 0 && C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, intBytes(rcvbuf), 4) != 0) {
                option(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, rcvbuf);
            }
            byte[] addr = address(0, groups);
            if (C.bind(fd, addr, addr.length) != 0) {
                throw new NetlinkException("bind netlink socket to groups 0x" + Integer.toHexString(groups),
                        LibC.errno(), null);
            }
            int[] len = {12};
            if (C.getsockname(fd, addr, len) != 0) {
                throw new NetlinkException("getsockname", LibC.errno(), null);
            }
            return new NetlinkSocket(fd, ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder()).getInt(4), datagram);
        } catch (NetlinkException e) {
            C.close(fd);
            throw e;
        }
    }

    /** The port id the kernel gave this socket: notifications caused by our own requests carry it. */
    public int portid() {
        return portid;
    }

    /**
     * Sends a dump request and returns its answer's messages, without the final DONE. A dump the
     * kernel marks interrupted (the objects changed while it ran) is repeated.
     */
    public List<NlMessage> dump(byte[] request) {
        for (int attempt = 1;; attempt++) {
            int s = send(List.of(request));
            List<NlMessage> out = new ArrayList<>();
            boolean interrupted = false;
            boolean done = false;
            while (!done) {
                for (NlMessage m : receive(REPLY_TIMEOUT_MS)) {
                    if (m.seq() != s) {
                        continue;
                    }
                    if (m.type() == NlMessage.DONE) {
                        done = true;
                    } else if (m.isError()) {
                        if (m.errno() != 0) {
                            throw new NetlinkException("dump of type " + type(request), m.errno(), m.extAck());
                        }
                        done = true;
                    } else {
                        interrupted |= (m.flags() & NlMessage.F_DUMP_INTR) != 0;
                        out.add(m);
                    }
                }
            }
            if (!interrupted) {
                return out;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new NetlinkException("dump of type " + type(request) + " interrupted " + attempt + " times",
                        LibC.EIO, null);
            }
        }
    }

    /** Takes the messages of {@link #dumpInPlace} as positions in the receive buffer. */
    public interface InPlace {
        /** A message of {@code type}: its body (after the header) is {@code buf[bodyAt, end)}, valid during the call. */
        void message(int type, ByteBuffer buf, int bodyAt, int end);
    }

    /**
     * A dump of a few small objects, read often (traffic counters, ten times a second): no copy and no
     * object per message, and the receive is tried before any poll, since the kernel queues a dump's
     * first answer while the request is sent and the rest while the first is read. A dump that fits
     * one datagram so costs a send and two receives. Returns false when the kernel marked the dump
     * interrupted (the objects changed meanwhile): the caller discards what it got.
     */
    public boolean dumpInPlace(byte[] request, InPlace sink) {
        int s = send(List.of(request));
        boolean interrupted = false;
        while (true) {
            int n = receiveNow();
            int at = 0;
            while (n - at >= NlMessage.HEADER) {
                int len = rxView.getInt(at);
                int type = rxView.getShort(at + 4) & 0xffff;
                int flags = rxView.getShort(at + 6) & 0xffff;
                int seqNo = rxView.getInt(at + 8);
                if (len < NlMessage.HEADER || len > n - at) {
                    throw new NetlinkException("netlink message of " + len + " bytes at " + at + " of " + n,
                            LibC.EIO, null);
                }
                if (seqNo == s) {
                    if (type == NlMessage.DONE) {
                        return !interrupted;
                    }
                    if (type == NlMessage.ERROR) {
                        int errno = len >= NlMessage.HEADER + 4 ? -rxView.getInt(at + NlMessage.HEADER) : LibC.EIO;
                        if (errno != 0) {
                            throw new NetlinkException("dump of type " + type(request), errno, null);
                        }
                        return !interrupted;
                    }
                    interrupted |= (flags & NlMessage.F_DUMP_INTR) != 0;
                    sink.message(type, rxView, at + NlMessage.HEADER, at + len);
                }
                at += (len + 3) & ~3;
            }
        }
    }

    /** One datagram from the kernel into {@link #rx}: its length. */
    private int receiveNow() {
        while (true) {
            fromLen[0] = from.length;
            long n = C.recvfrom(fd, rx, rx.length, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, from, fromLen);
            if (n < 0) {
                int e = LibC.errno();
                if (e == LibC.EAGAIN) {
                    byte[] pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd)
                            .putShort((short) LibC.POLLIN).putShort((short) 0).array();
                    if (C.poll(pfd, 1, REPLY_TIMEOUT_MS) == 0) {
                        throw new NetlinkException("waiting for the kernel's netlink reply", LibC.ETIMEDOUT, null);
                    }
                    continue;
                }
                if (e == LibC.EINTR) {
                    continue;
                }
                throw new NetlinkException("receive from netlink socket", e, null);
            }
            if (n > rx.length) {
                throw new NetlinkException("netlink datagram of " + n + " bytes", LibC.EMSGSIZE, null);
            }
            if (fromView.getInt(4) == 0) {
                return (int) n;
            }
        }
    }

    /** The kernel's answer to one request of a batch: errno 0 when it was applied. */
    public record Ack(int errno, String extAck) {
        public boolean ok() {
            return errno == 0;
        }
    }

    /**
     * Sends {@code requests} (each must ask for an ack) in as few datagrams as fit, in order, and
     * returns one ack per request. The kernel handles each message on its own: one refused request
     * does not stop the ones after it.
     */
    public List<Ack> transact(List<byte[]> requests) {
        List<Ack> out = new ArrayList<>();
        int from = 0;
        while (from < requests.size()) {
            int to = from;
            int size = 0;
            while (to < requests.size() && (to == from || size + requests.get(to).length <= BATCH
                    && to - from < BATCH_MESSAGES)) {
                size += requests.get(to++).length;
            }
            int first = send(requests.subList(from, to));
            Ack[] acks = new Ack[to - from];
            int missing = acks.length;
            while (missing > 0) {
                for (NlMessage m : receive(REPLY_TIMEOUT_MS)) {
                    int i = m.seq() - first;
                    if (m.isError() && i >= 0 && i < acks.length && acks[i] == null) {
                        acks[i] = new Ack(m.errno(), m.extAck());
                        missing--;
                    }
                }
            }
            out.addAll(List.of(acks));
            from = to;
        }
        return out;
    }

    /**
     * Waits until a datagram arrives or {@code wakeFd} (an eventfd, -1 for none) is signalled;
     * returns the datagram's messages, or null when woken. A receive queue that overflowed (events
     * were lost) throws with errno ENOBUFS.
     */
    public List<NlMessage> next(int wakeFd) {
        ByteBuffer fds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        fds.putInt(0, fd).putShort(4, (short) LibC.POLLIN).putInt(8, wakeFd).putShort(12, (short) LibC.POLLIN);
        byte[] pfd = fds.array();
        while (true) {
            int n = C.poll(pfd, wakeFd >= 0 ? 2 : 1, -1);
            if (n < 0 && LibC.errno() == LibC.EINTR) {
                continue;
            }
            if (n < 0) {
                throw new NetlinkException("poll netlink socket", LibC.errno(), null);
            }
            if (wakeFd >= 0 && (ByteBuffer.wrap(pfd).order(ByteOrder.nativeOrder()).getShort(14) & LibC.POLLIN) != 0) {
                return null;
            }
            List<NlMessage> got = read(LibC.MSG_DONTWAIT);
            if (got != null) {
                return got;
            }
        }
    }

    /** Numbers each request and sends them in one datagram; returns the first one's number. */
    private int send(List<byte[]> requests) {
        int total = 0;
        for (byte[] r : requests) {
            total += r.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        int first = seq + 1;
        for (byte[] r : requests) {
            int at = out.position();
            out.put(r);
            out.putInt(at + 8, ++seq);
        }
        long sent = C.sendto(fd, out.array(), total, 0, kernel, kernel.length);
        if (sent != total) {
            throw new NetlinkException("send of " + requests.size() + " netlink request(s), " + total + " bytes",
                    sent < 0 ? LibC.errno() : LibC.EMSGSIZE, null);
        }
        return first;
    }

    private List<NlMessage> receive(int timeoutMs) {
        while (true) {
            byte[] pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd)
                    .putShort((short) LibC.POLLIN).putShort((short) 0).array();
            int n = C.poll(pfd, 1, timeoutMs);
            if (n < 0 && LibC.errno() == LibC.EINTR) {
                continue;
            }
            if (n <= 0) {
                throw new NetlinkException("waiting for the kernel's netlink reply", n == 0 ? LibC.ETIMEDOUT
                        : LibC.errno(), null);
            }
            List<NlMessage> got = read(LibC.MSG_DONTWAIT);
            if (got != null) {
                return got;
            }
        }
    }

    /** One datagram from the kernel, or null when there was none (or it came from another process). */
    private List<NlMessage> read(int flags) {
        int[] fromLen = {from.length};
        long n = C.recvfrom(fd, rx, rx.length, flags | LibC.MSG_TRUNC, from, fromLen);
        if (n < 0) {
            int e = LibC.errno();
            if (e == LibC.EAGAIN || e == LibC.EINTR) {
                return null;
            }
            throw new NetlinkException("receive from netlink socket", e, null);
        }
        if (n > rx.length) {
            throw new NetlinkException("netlink datagram of " + n + " bytes", LibC.EMSGSIZE, null);
        }
        if (ByteBuffer.wrap(from).order(ByteOrder.nativeOrder()).getInt(4) != 0) {
            return null;
        }
        // A copy: the messages outlive the buffer's next use (a dump spans several datagrams).
        return NlMessage.parseAll(java.util.Arrays.copyOf(rx, (int) n), (int) n);
    }

    private static int type(byte[] request) {
        return ByteBuffer.wrap(request).order(ByteOrder.nativeOrder()).getShort(4) & 0xffff;
    }

    private static byte[] address(int pid, int groups) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK)
                .putShort((short) 0).putInt(pid).putInt(groups).array();
    }

    private static void option(int fd, int level, int name, int value) {
        if (C.setsockopt(fd, level, name, intBytes(value), 4) != 0) {
            throw new NetlinkException("setsockopt " + level + "/" + name, LibC.errno(), null);
        }
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }
}
