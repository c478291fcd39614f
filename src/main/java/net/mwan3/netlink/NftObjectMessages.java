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
