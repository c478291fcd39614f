package net.mwan3.ubus.wire;

/** Bytes that are not a well-formed blob or ubus frame: the peer is broken or hostile. */
public final class BlobFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlobFormatException(String message) {
        super(message);
    }
}
