package net.mwan3.sys;

import java.nio.ByteBuffer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls the ICMP prober, the multipath tunnel and the kernel adapter need and neither Netty
 * nor the JDK offer: ICMP, raw and netlink sockets, SO_BINDTODEVICE/SO_MARK, UDP GSO/GRO messages;
 * and kill(2) of a process group (the user script's time limit). One binding for all,
 * through jnr-ffi. Probes
 * pass Java arrays (the kernel copies them, nothing native outlives a call); the tunnel's data path
 * passes heap ByteBuffers (jnr hands over the backing array from the buffer's position) or, for the
 * batched UDP calls, a struct msghdr laid out once in direct memory (no copy, no allocation per call).
 */
public interface LibC {
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_RAW = 3;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_IP = 0;
    int IPPROTO_ICMP = 1;
    int IPPROTO_IPV6 = 41;
    int IPPROTO_ICMPV6 = 58;
    int SOL_SOCKET = 1;
    int SO_BINDTODEVICE = 25;
    int SO_MARK = 36;
    int SO_RCVBUF = 8;
    int SO_RCVBUFFORCE = 33;
    int SOL_RAW = 255;
    int ICMP_FILTER = 1;
    int ICMP6_FILTER = 1;
    int IP_TTL = 2;
    int IPV6_UNICAST_HOPS = 16;
    int MSG_DONTWAIT = 0x40;
    int POLLIN = 1;
    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    int EAGAIN = 11;
    int EINTR = 4;
    int EACCES = 13;
    int EPERM = 1;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int SOCK_NONBLOCK = 0x800;
    int SO_SNDBUF = 7;
    int EINVAL = 22;
    int EIO = 5;
    int EOPNOTSUPP = 95;
    int EMSGSIZE = 90;
    int SIGKILL = 9;
    int AF_NETLINK = 16;
    int SOL_NETLINK = 270;
    int ENOBUFS = 105;
    int ETIMEDOUT = 110;
    int MSG_TRUNC = 0x20;

    /** Loaded once; jnr-ffi binds lazily and keeps errno per thread. */
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    static int errno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }

    /** "strerror(errno) (errno)" for messages. */
    static String lastError() {
        int e = errno();
        return INSTANCE.strerror(e) + " (errno " + e + ")";
    }

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long recvfrom(int fd, @Out byte[] buf, @size_t long len, int flags, @Out byte[] addr, @In @Out int[] addrlen);

    /** {@code fds} holds native-order struct pollfd entries (int fd, short events, short revents). */
    @SaveError
    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    /** poll with a nanosecond timeout ({@code timeout}: native-order struct timespec); {@code sigmask} null. */
    @SaveError
    int ppoll(@In @Out byte[] fds, long nfds, @In byte[] timeout, jnr.ffi.Pointer sigmask);

    @SaveError
    int eventfd(int initval, int flags);

    @SaveError
    @ssize_t
    long read(int fd, @Out byte[] buf, @size_t long len);

    @SaveError
    @ssize_t
    long write(int fd, @In byte[] buf, @size_t long len);

    @SaveError
    int open(String path, int flags);

    @SaveError
    @ssize_t
    long read(int fd, @Out ByteBuffer buf, @size_t long count);

    @SaveError
    @ssize_t
    long write(int fd, @In ByteBuffer buf, @size_t long count);

    @SaveError
    int connect(int fd, @In byte[] addr, int addrlen);

    /** The address the kernel gave {@code fd} (a netlink socket's port id). */
    @SaveError
    int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

    /** {@code msg}: a struct msghdr in native memory (see net.mwan3.tunnel.SocketMessage); nothing is copied. */
    @SaveError
    @ssize_t
    long sendmsg(int fd, jnr.ffi.Pointer msg, int flags);

    /** As {@link #sendmsg}; the kernel fills in the name, control and flags fields and the buffers they name. */
    @SaveError
    @ssize_t
    long recvmsg(int fd, jnr.ffi.Pointer msg, int flags);

    int close(int fd);

    /** {@code pid} negative: the whole process group {@code -pid} (the user script's time limit). */
    @SaveError
    int kill(int pid, int sig);

    String strerror(int errnum);
}
