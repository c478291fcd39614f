package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes ({@code struct nlattr}: length, type, value padded to 4 bytes) of one message or
 * one nested attribute, by type. The nested and byte-order flag bits are masked off the type. An
 * attribute whose length runs past its container is malformed; one that appears twice keeps its
 * first value (none of the messages read here repeats one).
 */
public final class NlAttrs {
    public static final int F_NESTED = 0x8000;
    private static final int TYPE_MASK = 0x3fff;
    private final Map<Integer, ByteBuffer> byType;

    private NlAttrs(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    /** The attributes in {@code buf} from {@code from} to its limit (positions are absolute). */
    public static NlAttrs parse(ByteBuffer buf, int from) {
        Map<Integer, ByteBuffer> out = new LinkedHashMap<>();
        int end = buf.limit();
        if (from < 0 || from > end) {
            throw new NetlinkFormatException("attributes from " + from + " of " + end);
        }
        int at = from;
        while (end - at >= 4) {
            int len = buf.getShort(at) & 0xffff;
            int type = buf.getShort(at + 2) & TYPE_MASK;
            if (len < 4 || len > end - at) {
                throw new NetlinkFormatException("attribute " + type + " of length " + len + " at " + at + " of " + end);
            }
            out.putIfAbsent(type, buf.duplicate().position(at + 4).limit(at + len).slice().order(ByteOrder.nativeOrder()));
            at += NlWriter.align(len);
        }
        return new NlAttrs(out);
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    public Set<Integer> types() {
        return byType.keySet();
    }

    public int u8(int type) {
        return value(type, 1).get(0) & 0xff;
    }

    public int u16(int type) {
        return value(type, 2).getShort(0) & 0xffff;
    }

    /** A 32-bit value in host order (as a long, so marks above 2^31 stay positive). */
    public long u32(int type) {
        return value(type, 4).getInt(0) & 0xffffffffL;
    }

    /** A 32-bit value in network order (ctnetlink's marks and ids). */
    public long u32be(int type) {
        return value(type, 4).order(ByteOrder.BIG_ENDIAN).getInt(0) & 0xffffffffL;
    }

    public int u16be(int type) {
        return value(type, 2).order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff;
    }

    /** A NUL-terminated string (the NUL and anything after it dropped). */
    public String string(int type) {
        byte[] b = bytes(type);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    public byte[] bytes(int type) {
        ByteBuffer v = value(type, 0);
        byte[] out = new byte[v.remaining()];
        v.duplicate().get(out);
        return out;
    }

    public NlAttrs nested(int type) {
        return parse(value(type, 0), 0);
    }

    private ByteBuffer value(int type, int atLeast) {
        ByteBuffer v = byType.get(type);
        if (v == null) {
            throw new NetlinkFormatException("attribute " + type + " missing");
        }
        if (v.remaining() < atLeast) {
            throw new NetlinkFormatException("attribute " + type + " has " + v.remaining() + " bytes, needs " + atLeast);
        }
        return v.duplicate().order(ByteOrder.nativeOrder());
    }
}
