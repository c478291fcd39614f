package net.mwan3.kernel;

import java.util.Locale;

import net.mwan3.sys.NetlinkException;

/**
 * A kernel request failed. For a command: its exact argv, exit code and stderr. For a netlink
 * request: the {@code ip} command it stands for, and the errno with the kernel's words, as iproute2
 * would have printed them ("RTNETLINK answers: File exists").
 */
public final class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int EEXIST = 17;
    private final transient CommandResult result;
    private final int errno;

    public KernelException(CommandResult result) {
        super("'" + String.join(" ", result.argv()) + "' exited " + result.exitCode() + ": "
                + result.stderr().strip());
        this.result = result;
        this.errno = 0;
    }

    public KernelException(String message) {
        super(message);
        this.result = null;
        this.errno = 0;
    }

    /**
     * Request {@code request} (in {@code ip}'s words) was refused with {@code errno} (0 when it was
     * refused before reaching the kernel) and {@code text}.
     */
    public KernelException(String request, int errno, String text) {
        super("'" + request + "' failed: " + text);
        this.result = null;
        this.errno = errno;
    }

    /** A netlink exchange itself failed (socket, dump, timeout) while doing {@code what}. */
    public KernelException(String what, NetlinkException e) {
        super(what + ": " + e.getMessage(), e);
        this.result = null;
        this.errno = e.errno();
    }

    public CommandResult result() {
        return result;
    }

    /** The errno of a refused netlink request, 0 for commands. */
    public int errno() {
        return errno;
    }

    public boolean isNotFound() {
        return errno == ENOENT || errno == ESRCH
                || stderrContains("no such file") || stderrContains("not found") || stderrContains("cannot find");
    }

    public boolean isAlreadyExists() {
        return errno == EEXIST || stderrContains("file exists");
    }

    private boolean stderrContains(String s) {
        return result != null && result.stderr().toLowerCase(Locale.ROOT).contains(s);
    }
}
