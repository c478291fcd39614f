package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one netlink message: {@link #header} puts the {@code struct nlmsghdr} (its length is
 * patched by {@link #toBytes}), the family header is written with the {@code put*} methods, then
 * attributes (a nested one as its type with {@link NlAttrs#F_NESTED} and its contents' bytes).
 * Every attribute is padded to 4 bytes. The sequence number is left 0: the socket numbers each request as it sends it.
 */
public final class NlWriter {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    public static int align(int n) {
        return (n + 3) & ~3;
    }

    /** A new message of {@code type} with {@code flags} (F_REQUEST is added). */
    public static NlWriter header(int type, int flags) {
        NlWriter w = new NlWriter();
        w.putInt(0).putShort(type).putShort(flags | NlMessage.F_REQUEST).putInt(0).putInt(0);
        return w;
    }

    public NlWriter putByte(int v) {
        room(1).put((byte) v);
        return this;
    }

    public NlWriter putShort(int v) {
        room(2).putShort((short) v);
        return this;
    }

    public NlWriter putInt(int v) {
        room(4).putInt(v);
        return this;
    }

    public NlWriter attr(int type, byte[] value) {
        room(4 + value.length + 3).putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    public NlWriter attrU8(int type, int v) {
        return attr(type, new byte[] {(byte) v});
    }

    public NlWriter attrU32(int type, long v) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) v).array());
    }

    public NlWriter attrU32be(int type, long v) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt((int) v).array());
    }

    public NlWriter attrU16be(int type, int v) {
        return attr(type, ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN).putShort((short) v).array());
    }

    /** A string with its terminating NUL, as the kernel's NLA_STRING/NLA_NUL_STRING policies accept. */
    public NlWriter attrString(int type, String v) {
        byte[] s = v.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** The finished message, its length in place. */
    public byte[] toBytes() {
        pad();
        buf.putInt(0, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            room(1).put((byte) 0);
        }
    }

    private ByteBuffer room(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
        return buf;
    }
}
