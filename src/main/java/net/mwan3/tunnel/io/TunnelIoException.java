package net.mwan3.tunnel.io;

/** A tunnel device or socket could not be set up; carries the call and errno text. */
public final class TunnelIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TunnelIoException(String message) {
        super(message);
    }
}
