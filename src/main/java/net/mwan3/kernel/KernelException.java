package net.mwan3.kernel;

import java.util.Locale;

/** A kernel command failed; carries the exact argv, exit code and stderr for the log. */
public final class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public KernelException(CommandResult result) {
        super("'" + String.join(" ", result.argv()) + "' exited " + result.exitCode() + ": "
                + result.stderr().strip());
        this.result = result;
    }

    public KernelException(String message) {
        super(message);
        this.result = null;
    }

    public CommandResult result() {
        return result;
    }

    public boolean isNotFound() {
        return stderrContains("no such file") || stderrContains("not found") || stderrContains("cannot find");
    }

    public boolean isAlreadyExists() {
        return stderrContains("file exists");
    }

    private boolean stderrContains(String s) {
        return result != null && result.stderr().toLowerCase(Locale.ROOT).contains(s);
    }
}
