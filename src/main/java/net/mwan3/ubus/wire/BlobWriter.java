package net.mwan3.ubus.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one blob the way libubox's {@code blob_buf} does, byte for byte: a head attribute (id 0)
 * holding ubus attributes ({@link #u32}, {@link #string}, {@link #nest}) and blobmsg fields
 * ({@link #field}, {@link #table}, {@link #array}). Every attribute starts 4-byte aligned and is
 * zero-padded; a container's length covers its padded children.
 */
public final class BlobWriter {
    static final int EXTENDED = 0x80000000;
    static final int ALIGN = 4;
    /** libubox stores the length in 24 bits. */
    static final int MAX_LEN = 0x00ffffff;

    private byte[] buf = new byte[256];
    private int len;
    private final int head;

    public BlobWriter() {
        head = open(0, false, null);
    }

    /** An unsigned 32-bit ubus attribute (ids, status codes). */
    public BlobWriter u32(Attr attr, int value) {
        int at = open(attr.id(), false, null);
        putInt(value);
        return close(at);
    }

    /** An 8-bit ubus attribute (flags such as {@link Attr#NO_REPLY}). */
    public BlobWriter u8(Attr attr, int value) {
        int at = open(attr.id(), false, null);
        ensure(1);
        buf[len++] = (byte) value;
        return close(at);
    }

    /** A NUL-terminated string ubus attribute. */
    public BlobWriter string(Attr attr, String value) {
        int at = open(attr.id(), false, null);
        putCString(value);
        return close(at);
    }

    /** Opens a nested ubus attribute ({@link Attr#DATA}, {@link Attr#SIGNATURE}); close it with {@link #end}. */
    public int nest(Attr attr) {
        return open(attr.id(), false, null);
    }

    /** Opens a blobmsg table; a null name is an array element's. */
    public int table(String name) {
        return open(BlobmsgType.TABLE.code(), true, name);
    }

    /** Opens a blobmsg array. */
    public int array(String name) {
        return open(BlobmsgType.ARRAY.code(), true, name);
    }

    /** Closes what {@link #nest}, {@link #table} or {@link #array} opened. */
    public BlobWriter end(int handle) {
        return close(handle);
    }

    public BlobWriter field(String name, String value) {
        int at = open(BlobmsgType.STRING.code(), true, name);
        putCString(value);
        return close(at);
    }

    public BlobWriter field(String name, int value) {
        int at = open(BlobmsgType.INT32.code(), true, name);
        putInt(value);
        return close(at);
    }

    public BlobWriter field(String name, long value) {
        int at = open(BlobmsgType.INT64.code(), true, name);
        putInt((int) (value >>> 32));
        putInt((int) value);
        return close(at);
    }

    public BlobWriter field(String name, boolean value) {
        int at = open(BlobmsgType.INT8.code(), true, name);
        ensure(1);
        buf[len++] = (byte) (value ? 1 : 0);
        return close(at);
    }

    /** A double: its IEEE bits in network order, as {@code blobmsg_add_double}. */
    public BlobWriter fieldDouble(String name, double value) {
        int at = open(BlobmsgType.DOUBLE.code(), true, name);
        long bits = Double.doubleToRawLongBits(value);
        putInt((int) (bits >>> 32));
        putInt((int) bits);
        return close(at);
    }

    /** JSON null: an UNSPEC field without data, as ucode and libubox's JSON parser write it. */
    public BlobWriter fieldNull(String name) {
        return close(open(BlobmsgType.UNSPEC.code(), true, name));
    }

    /** The finished blob (head attribute included); the writer must not be used afterwards. */
    public byte[] toBytes() {
        close(head);
        return Arrays.copyOf(buf, len);
    }

    /** Bytes written so far, for callers that bound what they build. */
    public int size() {
        return len;
    }

    private int open(int id, boolean extended, String name) {
        int at = len;
        ensure(4);
        len += 4;
        buf[at] = (byte) ((extended ? 0x80 : 0) | (id & 0x7f));
        if (extended) {
            byte[] n = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
            if (n.length > 0xffff) {
                throw new IllegalArgumentException("blobmsg name longer than 65535 bytes");
            }
            ensure(2 + n.length + 1 + ALIGN);
            buf[len++] = (byte) (n.length >>> 8);
            buf[len++] = (byte) n.length;
            System.arraycopy(n, 0, buf, len, n.length);
            len += n.length;
            buf[len++] = 0;
            pad();
        }
        return at;
    }

    private BlobWriter close(int at) {
        int raw = len - at;
        if (raw > MAX_LEN) {
            throw new IllegalArgumentException("blob attribute longer than " + MAX_LEN + " bytes");
        }
        buf[at + 1] = (byte) (raw >>> 16);
        buf[at + 2] = (byte) (raw >>> 8);
        buf[at + 3] = (byte) raw;
        pad();
        return this;
    }

    private void pad() {
        int padded = (len + ALIGN - 1) & ~(ALIGN - 1);
        ensure(padded - len);
        while (len < padded) {
            buf[len++] = 0;
        }
    }

    private void putInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putCString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 1);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        buf[len++] = 0;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
