package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** The byte layout against what glibc's x86_64/aarch64 headers say (offsets written out by hand here). */
class SocketMessageTest {
    private final ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void msghdrFieldsAtTheirOffsets() {
        SocketMessage.putHeader(b, 8, 0x1111_2222_3333L, 28, 0x4444_5555_6666L, 0x7777_8888_9999L, 24);
        assertEquals(0x1111_2222_3333L, b.getLong(8), "msg_name");
        assertEquals(28, b.getInt(16), "msg_namelen");
        assertEquals(0, b.getInt(20), "padding");
        assertEquals(0x4444_5555_6666L, b.getLong(24), "msg_iov");
        assertEquals(1, b.getLong(32), "msg_iovlen");
        assertEquals(0x7777_8888_9999L, b.getLong(40), "msg_control");
        assertEquals(24, b.getLong(48), "msg_controllen");
        assertEquals(0, b.getInt(56), "msg_flags");
        assertEquals(56, SocketMessage.MSGHDR);
        SocketMessage.setName(b, 8, 0, 16);
        assertEquals(0, b.getLong(8), "no name");
        SocketMessage.setControlLength(b, 8, 64);
        assertEquals(16, SocketMessage.nameLength(b, 8));
        assertEquals(64, SocketMessage.controlLength(b, 8));
        b.putInt(56, SocketMessage.MSG_TRUNC);
        assertEquals(SocketMessage.MSG_TRUNC, SocketMessage.flags(b, 8));
    }

    @Test
    void iovec() {
        SocketMessage.putIovec(b, 16, 0xABCDEF00L, 65507);
        assertEquals(0xABCDEF00L, b.getLong(16));
        assertEquals(65507, b.getLong(24));
    }

    @Test
    void segmentSizeMessage() {
        assertEquals(24, SocketMessage.putSegmentSize(b, 0, 1432), "CMSG_SPACE(2)");
        assertEquals(18, b.getLong(0), "cmsg_len = CMSG_LEN(2)");
        assertEquals(17, b.getInt(8), "SOL_UDP");
        assertEquals(103, b.getInt(12), "UDP_SEGMENT");
        assertEquals(1432, b.getShort(16) & 0xFFFF);
        SocketMessage.putSegmentSize(b, 0, 65535);
        assertEquals(65535, b.getShort(16) & 0xFFFF, "u16, unsigned");
        assertThrows(IllegalArgumentException.class, () -> SocketMessage.putSegmentSize(b, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SocketMessage.putSegmentSize(b, 0, 65536));
    }

    @Test
    void groSizeFoundAfterAnotherMessage() {
        int at = 32;
        putMessage(at, 1, 29, 4, 7); // SOL_SOCKET SO_TIMESTAMPNS-like, 4 data bytes: padded to 24
        putMessage(at + 24, 17, 104, 4, 1432);
        assertEquals(1432, SocketMessage.groSize(b, at, 48));
    }

    @Test
    void noGroMessageMeansOneDatagram() {
        assertEquals(0, SocketMessage.groSize(b, 0, 0), "no control data");
        putMessage(0, 1, 29, 4, 7);
        assertEquals(0, SocketMessage.groSize(b, 0, 24));
        putMessage(0, 17, 103, 2, 1432); // UDP_SEGMENT is not UDP_GRO
        assertEquals(0, SocketMessage.groSize(b, 0, 24));
    }

    @Test
    void malformedChainsEndTheWalk() {
        putMessage(0, 17, 104, 4, 1432);
        assertEquals(0, SocketMessage.groSize(b, 0, 16), "data cut off by the control length");
        b.putLong(0, 8);
        assertEquals(0, SocketMessage.groSize(b, 0, 24), "cmsg_len shorter than its header");
        b.putLong(0, 1000);
        assertEquals(0, SocketMessage.groSize(b, 0, 24), "cmsg_len past the buffer");
    }

    private void putMessage(int at, int level, int type, int dataLength, int value) {
        b.putLong(at, SocketMessage.CMSG_HEADER + dataLength).putInt(at + 8, level).putInt(at + 12, type);
        b.putInt(at + 16, value);
    }
}
