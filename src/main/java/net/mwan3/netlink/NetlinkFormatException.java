package net.mwan3.netlink;

/** Bytes that are not the netlink message they claim to be (a short header, an attribute past its end). */
public final class NetlinkFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetlinkFormatException(String message) {
        super("malformed netlink message: " + message);
    }
}
