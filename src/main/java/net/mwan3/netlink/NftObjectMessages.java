package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Named counters of an nftables table as nf_tables (NETLINK_NETFILTER, subsystem 10) carries them: one
 * dump request, filtered in the kernel by table and object type, answered with one NEWOBJ message per
 * counter (its name, and packets and bytes as big-endian u64 in a nested data attribute). This is
 * what {@code nft list counters table inet mwan3} asks, without libnftables' cache, JSON and parser:
 * the traffic sampler reads it ten times a second.
 */
public final class NftObjectMessages {
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFT_MSG_NEWOBJ = 18;
    private static final int NFT_MSG_GETOBJ = 19;
    public static final int OBJECT = NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWOBJ;
    private static final int NFTA_OBJ_TABLE = 1;
    private static final int NFTA_OBJ_NAME = 2;
    private static final int NFTA_OBJ_TYPE = 3;
    private static final int NFTA_OBJ_DATA = 4;
    private static final int NFT_OBJECT_COUNTER = 1;
    private static final int NFTA_COUNTER_PACKETS = 2;
    private static final int NFGENMSG = 4;
    public static final int NFPROTO_INET = 1;

    /** One counter of a dump. */
    public record Counter(String name, long packets) {
    }

    private NftObjectMessages() {
    }

    /** Every counter object of table {@code table} of {@code family}. */
    public static byte[] dumpCounters(int family, String table) {
        return NlWriter.header(NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETOBJ, NlMessage.F_DUMP).putByte(family)
                .putByte(0).putShort(0).attrString(NFTA_OBJ_TABLE, table).attrU32be(NFTA_OBJ_TYPE, NFT_OBJECT_COUNTER)
                .toBytes();
    }

    /** Takes one counter of {@link #counter(int, ByteBuffer, int, int, CounterSink)}. */
    public interface CounterSink {
        void counter(String name, long packets);
    }

    /**
     * The counter in a message lying in {@code buf[bodyAt, end)} (its body, after the netlink header),
     * read in place: the sampler's path, ten times a second, without attribute maps. Another message
     * type or object type is skipped; returns whether a counter was found.
     */
    public static boolean counter(int type, ByteBuffer buf, int bodyAt, int end, CounterSink sink) {
        if (type != OBJECT) {
            return false;
        }
        if (end - bodyAt < NFGENMSG) {
            throw new NetlinkFormatException("nfgenmsg of " + (end - bodyAt) + " bytes");
        }
        String name = null;
        long objectType = -1;
        long packets = -1;
        for (int at = bodyAt + NFGENMSG; end - at >= 4;) {
            int len = buf.getShort(at) & 0xffff;
            int attr = buf.getShort(at + 2) & 0x3fff;
            if (len < 4 || len > end - at) {
                throw new NetlinkFormatException("attribute " + attr + " of length " + len);
            }
            if (attr == NFTA_OBJ_NAME) {
                int n = at + 4;
                while (n < at + len && buf.get(n) != 0) {
                    n++;
                }
                byte[] b = new byte[n - at - 4];
                buf.get(at + 4, b);
                name = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            } else if (attr == NFTA_OBJ_TYPE && len >= 8) {
                int raw = buf.getInt(at + 4); // network order
                objectType = (buf.order() == ByteOrder.BIG_ENDIAN ? raw : Integer.reverseBytes(raw)) & 0xffffffffL;
            } else if (attr == NFTA_OBJ_DATA) {
                packets = packets(buf, at + 4, at + len);
            }
            at += (len + 3) & ~3;
        }
        if (name == null || objectType != NFT_OBJECT_COUNTER || packets < 0) {
            return false;
        }
        sink.counter(name, packets);
        return true;
    }

    private static long packets(ByteBuffer buf, int from, int end) {
        for (int at = from; end - at >= 4;) {
            int len = buf.getShort(at) & 0xffff;
            int attr = buf.getShort(at + 2) & 0x3fff;
            if (len < 4 || len > end - at) {
                throw new NetlinkFormatException("counter attribute " + attr + " of length " + len);
            }
            if (attr == NFTA_COUNTER_PACKETS && len >= 12) {
                long v = buf.getLong(at + 4);
                return buf.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
            }
            at += (len + 3) & ~3;
        }
        return -1;
    }

    /** The counter in a dump's message; null for another message or another object type. */
    public static Counter counter(NlMessage m) {
        if (m.type() != OBJECT) {
            return null;
        }
        ByteBuffer b = m.body();
        if (b.remaining() < NFGENMSG) {
            throw new NetlinkFormatException("nfgenmsg of " + b.remaining() + " bytes");
        }
        NlAttrs a = NlAttrs.parse(b, NFGENMSG);
        if (!a.has(NFTA_OBJ_NAME) || !a.has(NFTA_OBJ_TYPE) || a.u32be(NFTA_OBJ_TYPE) != NFT_OBJECT_COUNTER
                || !a.has(NFTA_OBJ_DATA)) {
            return null;
        }
        NlAttrs data = a.nested(NFTA_OBJ_DATA);
        if (!data.has(NFTA_COUNTER_PACKETS)) {
            throw new NetlinkFormatException("counter without NFTA_COUNTER_PACKETS");
        }
        byte[] p = data.bytes(NFTA_COUNTER_PACKETS);
        if (p.length < 8) {
            throw new NetlinkFormatException("NFTA_COUNTER_PACKETS of " + p.length + " bytes");
        }
        return new Counter(a.string(NFTA_OBJ_NAME), ByteBuffer.wrap(p).order(ByteOrder.BIG_ENDIAN).getLong());
    }
}
