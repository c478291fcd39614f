package net.mwan3.tunnel;

/** Big-endian (network order) fields of IP and TCP headers in a byte array. */
final class PacketBytes {
    private PacketBytes() {
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static int u32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    static void put32(byte[] b, int at, int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }

    /** Whether {@code a[ai, ai + len)} equals {@code b[bi, bi + len)}. */
    static boolean same(byte[] a, int ai, byte[] b, int bi, int len) {
        return java.util.Arrays.equals(a, ai, ai + len, b, bi, bi + len);
    }
}
