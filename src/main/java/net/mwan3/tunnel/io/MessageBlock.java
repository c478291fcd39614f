package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import net.mwan3.sys.LibC;
import net.mwan3.tunnel.SocketMessage;

/**
 * One struct msghdr for {@code sendmsg}/{@code recvmsg}, with its iovec, control buffer and address buffer, laid
 * out once in one direct buffer: a call only changes a few lengths in place, so the packet path allocates
 * nothing and jnr copies nothing (the data the iovec names is direct memory of the caller's).
 */
final class MessageBlock {
    /** Room for control messages on receive: a UDP_GRO message and whatever else a kernel adds. */
    static final int CONTROL = 64;
    /** Room for a sockaddr_in6 and more. */
    static final int NAME = 128;
    private static final int IOV_AT = SocketMessage.MSGHDR;
    private static final int CONTROL_AT = IOV_AT + SocketMessage.IOVEC;
    private static final int NAME_AT = CONTROL_AT + CONTROL;
    private static final Runtime RUNTIME = Runtime.getRuntime(LibC.INSTANCE);
    private final ByteBuffer b = ByteBuffer.allocateDirect(NAME_AT + NAME).order(ByteOrder.nativeOrder());
    private final long base = address(b);
    /** The msghdr, for the call. */
    final Pointer msg = Pointer.wrap(RUNTIME, base);

    MessageBlock() {
        SocketMessage.putHeader(b, 0, 0, 0, base + IOV_AT, base + CONTROL_AT, 0);
    }

    /** The native address of a direct buffer's first byte (fixed for the buffer's life). */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return Pointer.wrap(RUNTIME, direct).address();
    }

    /** The one iovec: {@code length} bytes at {@code address}. */
    void data(long address, int length) {
        SocketMessage.putIovec(b, IOV_AT, address, length);
    }

    /** The destination of a send: {@code to} (a sockaddr), or none on a connected socket. */
    void destination(byte[] to) {
        if (to == null) {
            SocketMessage.setName(b, 0, 0, 0);
        } else {
            b.put(NAME_AT, to);
            SocketMessage.setName(b, 0, base + NAME_AT, to.length);
        }
    }

    /** A UDP_SEGMENT control message for segments of {@code size} bytes, or none when {@code size} is 0. */
    void segmentSize(int size) {
        SocketMessage.setControlLength(b, 0, size == 0 ? 0 : SocketMessage.putSegmentSize(b, CONTROL_AT, size));
    }

    /** Before each receive: the whole address and control buffers are the kernel's to fill. */
    void prepareReceive() {
        SocketMessage.setName(b, 0, base + NAME_AT, NAME);
        SocketMessage.setControlLength(b, 0, CONTROL);
    }

    /** After a receive: the GRO segment size it carried, 0 if it was one datagram. */
    int groSize() {
        return SocketMessage.groSize(b, CONTROL_AT, Math.min(CONTROL, SocketMessage.controlLength(b, 0)));
    }

    /** After a receive: copies the sender's sockaddr into {@code from}. */
    void sender(byte[] from) {
        b.get(NAME_AT, from, 0, Math.min(from.length, Math.min(NAME, SocketMessage.nameLength(b, 0))));
    }
}
