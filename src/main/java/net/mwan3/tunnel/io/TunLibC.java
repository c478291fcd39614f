package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls of the tunnel's data path. Packets travel in heap {@link ByteBuffer}s (jnr passes the backing
 * array from the buffer's position, so one array serves both the header offset and the AEAD, which has no
 * direct-buffer fast path); addresses and option values are small reused arrays. The JDK offers neither TUN,
 * SO_BINDTODEVICE nor SO_MARK, hence jnr-ffi.
 */
public interface TunLibC {
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_BINDTODEVICE = 25;
    int SO_MARK = 36;
    int SO_RCVBUF = 8;
    int SO_SNDBUF = 7;
    int POLLIN = 1;
    int EAGAIN = 11;
    int EINTR = 4;
    long TUNSETIFF = 0x400454caL;
    long TUNSETCARRIER = 0x400454e2L;
    short IFF_TUN = 0x0001;
    short IFF_NO_PI = 0x1000;

    TunLibC INSTANCE = LibraryLoader.create(TunLibC.class).load("c");

    static int errno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }

    static String lastError() {
        int e = errno();
        return INSTANCE.strerror(e) + " (errno " + e + ")";
    }

    @SaveError
    int open(String path, int flags);

    @SaveError
    int ioctl(int fd, long request, @In @Out byte[] arg);

    @SaveError
    @ssize_t
    long read(int fd, @Out ByteBuffer buf, @size_t long count);

    @SaveError
    @ssize_t
    long write(int fd, @In ByteBuffer buf, @size_t long count);

    /** Writes from the start of a whole array (the receive and reorder buffers all start at 0). */
    @SaveError
    @ssize_t
    long write(int fd, @In byte[] buf, @size_t long count);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    int connect(int fd, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long recvfrom(int fd, @Out ByteBuffer buf, @size_t long len, int flags, @Out byte[] addr, @In @Out int[] addrlen);

    /** {@code fds}: native-order struct pollfd entries (int fd, short events, short revents). */
    @SaveError
    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    int close(int fd);

    String strerror(int errnum);
}
