package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message as received: the {@code struct nlmsghdr} fields and the payload after it
 * (a family header, then attributes). Netlink is in host byte order; this machine's and every
 * OpenWrt target's JVM reads it through {@link ByteOrder#nativeOrder()}.
 */
public record NlMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {
    public static final int HEADER = 16;

    public static final int NOOP = 1;
    public static final int ERROR = 2;
    public static final int DONE = 3;
    public static final int OVERRUN = 4;

    public static final int F_REQUEST = 0x1;
    public static final int F_MULTI = 0x2;
    public static final int F_ACK = 0x4;
    /** Set by the kernel on dump parts when the dumped objects changed while it ran: dump again. */
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_DUMP = 0x300;
    public static final int F_REPLACE = 0x100;
    public static final int F_EXCL = 0x200;
    public static final int F_CREATE = 0x400;
    /** In an error message: the original request is cut to its header (NETLINK_CAP_ACK). */
    public static final int F_CAPPED = 0x100;
    /** In an error message: extended-ack attributes follow (NETLINK_EXT_ACK). */
    public static final int F_ACK_TLVS = 0x200;

    private static final int NLMSGERR_ATTR_MSG = 1;

    public NlMessage {
        payload = payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** The payload from its start, positioned at 0. */
    public ByteBuffer body() {
        return payload.duplicate().order(ByteOrder.nativeOrder()).rewind();
    }

    /** Every message in {@code buf[0..length)}; a header that does not fit is a malformed datagram. */
    public static List<NlMessage> parseAll(byte[] buf, int length) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        List<NlMessage> out = new ArrayList<>();
        int at = 0;
        while (length - at >= HEADER) {
            int len = b.getInt(at);
            if (len < HEADER || len > length - at) {
                throw new NetlinkFormatException("message length " + len + " at offset " + at + " of " + length);
            }
            ByteBuffer payload = ByteBuffer.wrap(buf, at + HEADER, len - HEADER).slice();
            out.add(new NlMessage(b.getShort(at + 4) & 0xffff, b.getShort(at + 6) & 0xffff, b.getInt(at + 8),
                    b.getInt(at + 12), payload));
            at += NlWriter.align(len);
        }
        return out;
    }

    public boolean isError() {
        return type == ERROR;
    }

    /** For an {@link #ERROR} message: the positive errno, 0 for a plain acknowledgement. */
    public int errno() {
        if (payload.remaining() < 4) {
            throw new NetlinkFormatException("error message of " + payload.remaining() + " bytes");
        }
        return -payload.getInt(0);
    }

    /** The kernel's extended-ack text ("Nexthop has invalid gateway"), or null. */
    public String extAck() {
        if ((flags & F_ACK_TLVS) == 0 || payload.remaining() < 4 + HEADER) {
            return null;
        }
        int echoed = (flags & F_CAPPED) != 0 ? HEADER : payload.getInt(4);
        if (echoed < HEADER || echoed > payload.remaining() - 4) {
            throw new NetlinkFormatException("error message echoing " + echoed + " bytes");
        }
        int from = 4 + NlWriter.align(echoed);
        NlAttrs tlvs = NlAttrs.parse(payload, from);
        return tlvs.has(NLMSGERR_ATTR_MSG) ? tlvs.string(NLMSGERR_ATTR_MSG) : null;
    }
}
