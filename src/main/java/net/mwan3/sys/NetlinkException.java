package net.mwan3.sys;

/** A netlink socket call or a request failed: the errno and, when the kernel said more, its extended-ack text. */
public final class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NetlinkException(String what, int errno, String extAck) {
        super(what + ": " + LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")"
                + (extAck == null ? "" : ": " + extAck));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
