package net.mwan3.probe;

/** A probe socket could not be set up as asked; becomes the result's error text, never escapes. */
final class ProbeSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProbeSetupException(String message) {
        super(message);
    }
}
