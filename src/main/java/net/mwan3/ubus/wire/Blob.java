package net.mwan3.ubus.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A view of one blob attribute inside a byte array: its header (extended flag, 7-bit id, 24-bit
 * length including the header) and its payload. {@link #children} walks a payload and refuses any
 * attribute whose length runs outside it, so nothing read here can index past the buffer.
 */
public final class Blob {
    private final byte[] buf;
    private final int off;
    private final int rawLen;

    private Blob(byte[] buf, int off, int rawLen) {
        this.buf = buf;
        this.off = off;
        this.rawLen = rawLen;
    }

    /** The attribute at {@code off}, which must lie within {@code [off, end)}. */
    public static Blob at(byte[] buf, int off, int end) {
        if (end - off < 4) {
            throw new BlobFormatException("truncated blob attribute header");
        }
        int raw = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
        if (raw < 4 || raw > end - off) {
            throw new BlobFormatException("blob attribute length " + raw + " outside its container");
        }
        return new Blob(buf, off, raw);
    }

    /** The whole buffer as one attribute (a message body, a recorded blob). */
    public static Blob of(byte[] buf) {
        return at(buf, 0, buf.length);
    }

    /** The attributes inside this one's payload (from {@code skip} bytes into it), in order. */
    public List<Blob> children(int skip) {
        List<Blob> out = new ArrayList<>();
        int end = off + rawLen;
        int p = dataOffset() + skip;
        while (p < end) {
            Blob b = at(buf, p, end);
            out.add(b);
            p += b.paddedLen();
        }
        return out;
    }

    public List<Blob> children() {
        return children(0);
    }

    public int id() {
        return buf[off] & 0x7f;
    }

    public boolean extended() {
        return (buf[off] & 0x80) != 0;
    }

    /** Length including the 4-byte header, without padding. */
    public int rawLen() {
        return rawLen;
    }

    int paddedLen() {
        return (rawLen + BlobWriter.ALIGN - 1) & ~(BlobWriter.ALIGN - 1);
    }

    int dataOffset() {
        return off + 4;
    }

    public int dataLen() {
        return rawLen - 4;
    }

    byte[] buffer() {
        return buf;
    }

    /** Payload byte {@code i} (unsigned). */
    int u8(int i) {
        return buf[dataOffset() + i] & 0xff;
    }

    /** A big-endian 32-bit value at payload offset {@code i}. */
    int u32(int i) {
        int p = dataOffset() + i;
        return (buf[p] & 0xff) << 24 | (buf[p + 1] & 0xff) << 16 | (buf[p + 2] & 0xff) << 8 | buf[p + 3] & 0xff;
    }

    long u64(int i) {
        return (u32(i) & 0xffffffffL) << 32 | u32(i + 4) & 0xffffffffL;
    }

    /** The payload from {@code i} as a NUL-terminated string, or null when it is not terminated within {@code n} bytes. */
    String cString(int i, int n) {
        int p = dataOffset() + i;
        if (n < 1 || buf[p + n - 1] != 0) {
            return null;
        }
        int z = p;
        while (buf[z] != 0) {
            z++;
        }
        return new String(buf, p, z - p, StandardCharsets.UTF_8);
    }

    /** This attribute's bytes (header included, padding not). */
    public byte[] bytes() {
        return java.util.Arrays.copyOfRange(buf, off, off + rawLen);
    }
}
