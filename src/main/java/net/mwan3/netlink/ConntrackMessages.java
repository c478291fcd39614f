package net.mwan3.netlink;

import java.nio.ByteBuffer;

/**
 * Conntrack entries as ctnetlink (NETLINK_NETFILTER, subsystem 1) carries them: a dump filtered
 * by mark/mask in the kernel, and the delete of one entry by its original tuple, zone and id (so
 * an entry that was replaced by a new one with the same tuple since the dump is not touched).
 * Marks and ids are in network byte order.
 */
public final class ConntrackMessages {
    private static final int NFNL_SUBSYS_CTNETLINK = 1;
    private static final int IPCTNL_MSG_CT_NEW = 0;
    private static final int IPCTNL_MSG_CT_GET = 1;
    private static final int IPCTNL_MSG_CT_DELETE = 2;
    public static final int ENTRY = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW;
    private static final int CTA_TUPLE_ORIG = 1;
    private static final int CTA_MARK = 8;
    private static final int CTA_ID = 12;
    private static final int CTA_ZONE = 18;
    private static final int CTA_MARK_MASK = 21;
    private static final int NFGENMSG = 4;

    /** One dumped entry: enough to delete exactly it, and its mark to check it is the one asked for. */
    public record Entry(int family, byte[] tupleOrig, Integer zone, Long id, long mark) {
    }

    private ConntrackMessages() {
    }

    /** Every entry of both families whose mark matches {@code mark} under {@code mask}. */
    public static byte[] dumpByMark(long mark, long mask) {
        return nfgen(IPCTNL_MSG_CT_GET, NlMessage.F_DUMP, 0).attrU32be(CTA_MARK, mark).attrU32be(CTA_MARK_MASK, mask)
                .toBytes();
    }

    /** One entry of a dump; null for another message type. */
    public static Entry entry(NlMessage m) {
        if (m.type() != ENTRY) {
            return null;
        }
        ByteBuffer b = m.body();
        if (b.remaining() < NFGENMSG) {
            throw new NetlinkFormatException("nfgenmsg of " + b.remaining() + " bytes");
        }
        NlAttrs a = NlAttrs.parse(b, NFGENMSG);
        if (!a.has(CTA_TUPLE_ORIG)) {
            throw new NetlinkFormatException("conntrack entry without CTA_TUPLE_ORIG");
        }
        return new Entry(b.get(0) & 0xff, a.bytes(CTA_TUPLE_ORIG), a.has(CTA_ZONE) ? a.u16be(CTA_ZONE) : null,
                a.has(CTA_ID) ? a.u32be(CTA_ID) : null, a.has(CTA_MARK) ? a.u32be(CTA_MARK) : 0);
    }

    public static byte[] delete(Entry e) {
        NlWriter w = nfgen(IPCTNL_MSG_CT_DELETE, NlMessage.F_ACK, e.family())
                .attr(CTA_TUPLE_ORIG | NlAttrs.F_NESTED, e.tupleOrig());
        if (e.zone() != null) {
            w.attrU16be(CTA_ZONE, e.zone());
        }
        if (e.id() != null) {
            w.attrU32be(CTA_ID, e.id());
        }
        return w.toBytes();
    }

    private static NlWriter nfgen(int msg, int flags, int family) {
        return NlWriter.header(NFNL_SUBSYS_CTNETLINK << 8 | msg, flags).putByte(family).putByte(0).putShort(0);
    }
}
