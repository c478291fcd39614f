package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 10-byte {@code struct virtio_net_hdr} that starts every read and write of a TUN device opened with
 * IFF_VNET_HDR (linux/virtio_net.h): flags u8, gso_type u8, hdr_len u16, gso_size u16, csum_start u16,
 * csum_offset u16, in host byte order (a legacy virtio header: native endian unless TUNSETVNETLE says otherwise).
 * Offsets {@code csum_start} count from the IP header, which follows the virtio header.
 */
public final class VirtioNetHeader {
    public static final int LENGTH = 10;
    public static final int F_NEEDS_CSUM = 1;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_ECN = 0x80;
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    private VirtioNetHeader() {
    }

    public static int flags(byte[] b) {
        return b[0] & 0xFF;
    }

    public static int gsoType(byte[] b) {
        return b[1] & 0xFF;
    }

    public static int hdrLen(byte[] b) {
        return u16(b, 2);
    }

    public static int gsoSize(byte[] b) {
        return u16(b, 4);
    }

    public static int csumStart(byte[] b) {
        return u16(b, 6);
    }

    public static int csumOffset(byte[] b) {
        return u16(b, 8);
    }

    /** Writes a header at {@code b[0, 10)}; all zero is a plain packet with a complete checksum. */
    public static void put(byte[] b, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        b[0] = (byte) flags;
        b[1] = (byte) gsoType;
        U16.set(b, 2, (short) hdrLen);
        U16.set(b, 4, (short) gsoSize);
        U16.set(b, 6, (short) csumStart);
        U16.set(b, 8, (short) csumOffset);
    }

    private static int u16(byte[] b, int at) {
        return (short) U16.get(b, at) & 0xFFFF;
    }
}
