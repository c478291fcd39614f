package net.mwan3.probe;

import net.mwan3.sys.LibC;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One ICMP socket for one (family, device, mark, source), shared by every probe through that WAN.
 * Replies are matched by sequence number, which is unique per socket among outstanding echoes: a
 * ping socket's echo id is rewritten by the kernel (it is the socket's "port"), so only a raw
 * socket also checks the id. Confined to the poller thread.
 */
final class IcmpSocket {
    /** An echo in flight: which run and which of its attempts. */
    record Slot(IcmpRun run, int index) {
    }

    private static final System.Logger LOG = System.getLogger(IcmpSocket.class.getName());
    private static final int BUF = 65536;
    private static final int RCVBUF = 1 << 20;

    final int fd;
    final boolean v6;
    final IcmpMode mode;
    private final int id = ThreadLocalRandom.current().nextInt(1, 0x10000);
    private final Map<Integer, Slot> pending = new HashMap<>();
    private final byte[] buf = new byte[BUF];
    private final byte[] from = new byte[SockAddr.V6_LEN];
    private int nextSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int ttl = -1;
    long lastUsed;

    private IcmpSocket(int fd, boolean v6, IcmpMode mode) {
        this.fd = fd;
        this.v6 = v6;
        this.mode = mode;
    }

    static IcmpSocket open(boolean v6, IcmpMode mode, SocketBinding binding) {
        int type = (mode == IcmpMode.RAW ? LibC.SOCK_RAW : LibC.SOCK_DGRAM) | LibC.SOCK_CLOEXEC;
        int fd = LibC.INSTANCE.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, type,
                v6 ? LibC.IPPROTO_ICMPV6 : LibC.IPPROTO_ICMP);
        if (fd < 0) {
            throw new ProbeSetupException((v6 ? "ICMPv6 " : "ICMP ") + mode + " socket: " + LibC.lastError());
        }
        try {
            if (mode == IcmpMode.RAW) {
                onlyEchoReplies(fd, v6);
            }
            binding.applyOptions(fd);
            binding.bindSource(fd);
        } catch (ProbeSetupException e) {
            LibC.INSTANCE.close(fd);
            throw e;
        }
        return new IcmpSocket(fd, v6, mode);
    }

    /**
     * A raw socket gets a copy of every ICMP packet its device receives, so each raw socket is
     * narrowed to echo replies and given room for bursts; otherwise many sockets on one device
     * (different marks or sources) overflow each other's queues. Best effort: without these the
     * socket still works, only with more wake-ups and a smaller burst margin.
     */
    private static void onlyEchoReplies(int fd, boolean v6) {
        LibC c = LibC.INSTANCE;
        byte[] filter;
        if (v6) {
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            for (int word = 0; word < 8; word++) {
                int blocked = 0xffffffff;
                if (word == IcmpPacket.ECHO_REPLY_V6 >> 5) {
                    blocked &= ~(1 << (IcmpPacket.ECHO_REPLY_V6 & 31));
                }
                b.putInt(blocked);
            }
            filter = b.array();
        } else {
            filter = SockAddr.intOption(~(1 << IcmpPacket.ECHO_REPLY_V4));
        }
        int rc = v6 ? c.setsockopt(fd, LibC.IPPROTO_ICMPV6, LibC.ICMP6_FILTER, filter, filter.length)
                : c.setsockopt(fd, LibC.SOL_RAW, LibC.ICMP_FILTER, filter, filter.length);
        byte[] buf = SockAddr.intOption(RCVBUF);
        if (rc != 0 | c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, buf, buf.length) != 0) {
            LOG.log(System.Logger.Level.DEBUG, "raw ICMP socket tuning incomplete: {0}", LibC.lastError());
        }
    }

    /** Sends echo {@code index} of {@code run}; returns null, or why it could not be sent. */
    String send(IcmpRun run, int index, InetAddress to, int payload, int hops) {
        String err = setTtl(hops);
        if (err != null) {
            return err;
        }
        int seq = allocateSeq();
        byte[] pkt = IcmpPacket.echoRequest(v6, id, seq, payload);
        byte[] sa = SockAddr.encode(to, 0);
        if (LibC.INSTANCE.sendto(fd, pkt, pkt.length, LibC.MSG_DONTWAIT, sa, sa.length) < 0) {
            return "sendto " + to.getHostAddress() + ": " + LibC.lastError();
        }
        pending.put(seq, new Slot(run, index));
        return null;
    }

    /** Reads every queued datagram and hands matching echo replies to their runs. */
    void drain(long nowNanos) {
        LibC c = LibC.INSTANCE;
        int[] fromLen = new int[1];
        while (true) {
            fromLen[0] = from.length;
            long n = c.recvfrom(fd, buf, buf.length, LibC.MSG_DONTWAIT, from, fromLen);
            if (n < 0) {
                return;
            }
            IcmpPacket.Echo echo = IcmpPacket.parseReply(buf, (int) n, v6, mode == IcmpMode.RAW);
            if (echo == null || (mode == IcmpMode.RAW && echo.id() != id)) {
                continue;
            }
            Slot slot = pending.get(echo.seq());
            InetAddress sender = SockAddr.decode(from, fromLen[0]);
            if (slot != null && slot.run().target().equals(sender)) {
                pending.remove(echo.seq());
                slot.run().replied(slot.index(), nowNanos);
            }
        }
    }

    /** Forgets the outstanding echoes of a finished run, so late replies are ignored. */
    void forget(IcmpRun run) {
        pending.values().removeIf(s -> s.run() == run);
    }

    boolean idle() {
        return pending.isEmpty();
    }

    void close() {
        LibC.INSTANCE.close(fd);
    }

    private int allocateSeq() {
        for (int i = 0; i < 0x10000; i++) {
            int seq = nextSeq;
            nextSeq = (nextSeq + 1) & 0xffff;
            if (!pending.containsKey(seq)) {
                return seq;
            }
        }
        throw new IllegalStateException("65536 echoes outstanding on one socket");
    }

    private String setTtl(int hops) {
        if (hops == ttl) {
            return null;
        }
        byte[] v = SockAddr.intOption(hops);
        int rc = v6 ? LibC.INSTANCE.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, v, v.length)
                : LibC.INSTANCE.setsockopt(fd, LibC.IPPROTO_IP, LibC.IP_TTL, v, v.length);
        if (rc != 0) {
            return (v6 ? "IPV6_UNICAST_HOPS " : "IP_TTL ") + hops + ": " + LibC.lastError();
        }
        ttl = hops;
        return null;
    }
}
