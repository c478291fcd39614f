package net.mwan3.probe;

import net.mwan3.sys.LibC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SockAddrTest {

    @Test
    void ipv4LayoutHasHostOrderFamilyAndNetworkOrderPort() throws Exception {
        byte[] sa = SockAddr.encode(InetAddress.getByName("198.51.100.7"), 0x1f90);
        assertEquals(16, sa.length);
        assertEquals(LibC.AF_INET, ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).getShort(0));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x90, (byte) 198, 51, 100, 7}, Arrays.copyOfRange(sa, 2, 8));
        assertEquals(InetAddress.getByName("198.51.100.7"), SockAddr.decode(sa, sa.length));
    }

    @Test
    void ipv6LayoutRoundTrips() throws Exception {
        InetAddress a = InetAddress.getByName("2001:db8::2");
        byte[] sa = SockAddr.encode(a, 53);
        assertEquals(28, sa.length);
        assertEquals(LibC.AF_INET6, ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).getShort(0));
        assertArrayEquals(a.getAddress(), Arrays.copyOfRange(sa, 8, 24));
        assertEquals(a, SockAddr.decode(sa, sa.length));
    }

    @Test
    void unknownFamilyOrShortAddressDecodesToNull() {
        assertNull(SockAddr.decode(new byte[28], 28));
        byte[] v4 = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_INET).array();
        assertNull(SockAddr.decode(v4, 4));
    }
}
