package net.mwan3.tunnel.io;

import net.mwan3.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TUN device (IFF_TUN | IFF_NO_PI: one raw IP packet per read or write), created in the caller's network
 * namespace. Non-blocking, so a reader can wait in {@link #awaitReadable} with a timeout and notice a stop.
 * The device disappears when the fd closes (no TUNSETPERSIST: a restart is a link down/up that mwan3 sees,
 * which is the truth). The carrier follows the paths: off while none is up, so mwan3 sees the tunnel down.
 */
public final class TunDevice implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private final int fd;
    private final String name;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(65536);
    private volatile boolean closed;

    private TunDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    public static TunDevice open(String name) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("TUN name must be 1..15 characters: " + name);
        }
        int fd = C.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new TunnelIoException("open /dev/net/tun: " + LibC.lastError());
        }
        byte[] ifr = new byte[40];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ifr, 0, n.length);
        ByteBuffer.wrap(ifr).order(ByteOrder.nativeOrder()).putShort(16, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI));
        if (C.ioctl(fd, LibC.TUNSETIFF, ifr) != 0) {
            String err = LibC.lastError();
            C.close(fd);
            throw new TunnelIoException("TUNSETIFF " + name + ": " + err);
        }
        return new TunDevice(fd, name);
    }

    public String name() {
        return name;
    }

    /**
     * Reads one packet into {@code buf} from its position; returns its length, 0 if none is waiting, -1 on an
     * error other than "would block". Keep the buffer's remaining space near the MTU: jnr copies that much of
     * a heap buffer back after the call, whatever the packet's size.
     */
    public int read(ByteBuffer buf) {
        long n = C.read(fd, buf, buf.remaining());
        if (n < 0) {
            return LibC.errno() == LibC.EAGAIN ? 0 : -1;
        }
        return (int) n;
    }

    /** Writes one packet (position..limit); false if the kernel refused it (e.g. EIO before the link is up). */
    public boolean write(ByteBuffer buf) {
        return C.write(fd, buf, buf.remaining()) == buf.remaining();
    }

    /**
     * Writes packet {@code buf[0..length)}; false if the kernel refused it. Goes through a direct buffer: jnr
     * copies a whole heap array into native memory for a call, and the callers' arrays are 64 KiB. Writers are
     * serialised by the tunnel's receive lock; the monitor here only guards the staging buffer.
     */
    public synchronized boolean write(byte[] buf, int length) {
        staging.clear();
        staging.put(buf, 0, length).flip();
        return C.write(fd, staging, length) == length;
    }

    /** Carrier on or off (TUNSETCARRIER, Linux 5.0+); false if the kernel refused. */
    public boolean setCarrier(boolean on) {
        byte[] v = new byte[4];
        ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(0, on ? 1 : 0);
        return C.ioctl(fd, LibC.TUNSETCARRIER, v) == 0;
    }

    public boolean closed() {
        return closed;
    }

    /** The file descriptor, for the event loop's poll set. */
    int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }
}
