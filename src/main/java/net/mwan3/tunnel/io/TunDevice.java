package net.mwan3.tunnel.io;

import net.mwan3.sys.LibC;
import net.mwan3.tunnel.VirtioNetHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TUN device (IFF_TUN | IFF_NO_PI: one raw IP packet per read or write), created in the caller's network
 * namespace. Non-blocking: the {@link EventLoop} waits for it in ppoll with the sockets.
 * The device disappears when the fd closes (no TUNSETPERSIST: a restart is a link down/up that mwan3 sees,
 * which is the truth). The carrier follows the paths: off while none is up, so mwan3 sees the tunnel down.
 *
 * <p>With offloads (the default; {@code -Dmwan3.tunnel.offload=false} turns them off) the device is opened with
 * IFF_VNET_HDR and offers checksum offload and TSO: every read and write then starts with a virtio header, a
 * read may be a TCP burst of up to 64 KiB and a write may be merged segments, so the kernel's TCP work runs
 * once per burst instead of once per packet. A kernel that refuses the offload gets the plain device.
 */
public final class TunDevice implements AutoCloseable {
    /** The largest read or write: a virtio header and a 64 KiB packet. */
    public static final int MAX_FRAME = VirtioNetHeader.LENGTH + 65536;
    private static final LibC C = LibC.INSTANCE;
    private final int fd;
    private final String name;
    private final boolean offload;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_FRAME);
    private final ByteBuffer readStaging;
    private volatile boolean closed;

    private TunDevice(int fd, String name, boolean offload) {
        this.fd = fd;
        this.name = name;
        this.offload = offload;
        this.readStaging = offload ? ByteBuffer.allocateDirect(MAX_FRAME) : null;
    }

    public static TunDevice open(String name) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("TUN name must be 1..15 characters: " + name);
        }
        if (!"false".equals(System.getProperty("mwan3.tunnel.offload"))) {
            int fd = attach(name, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI | LibC.IFF_VNET_HDR));
            if (enableOffload(fd)) {
                return new TunDevice(fd, name, true);
            }
            C.close(fd); // the device goes with its only fd: it comes back plain below
        }
        return new TunDevice(attach(name, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI)), name, false);
    }

    private static int attach(String name, short flags) {
        int fd = C.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new TunnelIoException("open /dev/net/tun: " + LibC.lastError());
        }
        byte[] ifr = new byte[40];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ifr, 0, n.length);
        ByteBuffer.wrap(ifr).order(ByteOrder.nativeOrder()).putShort(16, flags);
        if (C.ioctl(fd, LibC.TUNSETIFF, ifr) != 0) {
            String err = LibC.lastError();
            C.close(fd);
            throw new TunnelIoException("TUNSETIFF " + name + ": " + err);
        }
        return fd;
    }

    /** A 10-byte virtio header, checksum offload and TSO for IPv4 and IPv6; false if the kernel refused any. */
    private static boolean enableOffload(int fd) {
        byte[] size = new byte[4];
        ByteBuffer.wrap(size).order(ByteOrder.nativeOrder()).putInt(0, VirtioNetHeader.LENGTH);
        return C.ioctl(fd, LibC.TUNSETVNETHDRSZ, size) == 0
                && C.ioctl(fd, LibC.TUNSETOFFLOAD, (long) (LibC.TUN_F_CSUM | LibC.TUN_F_TSO4 | LibC.TUN_F_TSO6)) == 0;
    }

    public String name() {
        return name;
    }

    /** Whether reads and writes carry a virtio header (see the class comment). */
    public boolean offload() {
        return offload;
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

    /**
     * Offload mode: reads one frame (virtio header and packet) into {@code dst} (at least {@link #MAX_FRAME}
     * long); returns its length, 0 if none is waiting, -1 on an error. The read goes to a direct buffer and only
     * the frame is copied: a heap buffer would have all 64 KiB copied back by jnr for every read.
     */
    public int read(byte[] dst) {
        readStaging.clear();
        long n = C.read(fd, readStaging, MAX_FRAME);
        if (n < 0) {
            return LibC.errno() == LibC.EAGAIN ? 0 : -1;
        }
        readStaging.get(0, dst, 0, (int) n);
        return (int) n;
    }

    /**
     * Writes packet {@code buf[0..length)} (in offload mode: a frame, virtio header first); false if the kernel
     * refused it. Goes through a direct buffer: jnr copies a whole heap array into native memory for a call, and
     * the callers' arrays are 64 KiB. Writers are serialised by the tunnel's receive lock; the monitor here only
     * guards the staging buffer.
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
