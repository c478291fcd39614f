package net.mwan3.kernel;

import java.util.concurrent.ThreadFactory;

/**
 * nftables as the kernel adapter speaks it: one atomic transaction from the text the planner
 * prints ({@code nft -f} semantics) and listings. In process through libnftables when it is
 * installed, else through the {@code nft} binary; either way the outcome has the
 * {@link CommandResult} shape (exit code 0 or not, what nft printed, its error text naming the
 * script line that failed), so {@link KernelException}s look the same whichever engine ran.
 */
public interface Nft extends AutoCloseable {
    /** System property choosing the engine: {@code auto} (default), {@code library} or {@code binary}. */
    String ENGINE_PROPERTY = "mwan3.nft";

    /** Runs {@code script} as one transaction; never throws for something nft refused. */
    CommandResult apply(String script);

    /** {@code list OBJECT...} (e.g. "table", "inet", "mwan3"), as JSON or as nft's text. */
    CommandResult list(boolean json, String... object);

    /** Which engine this is, for the log and {@code mwan3 internal}. */
    String describe();

    /** True for libnftables; false when every call starts an nft process. */
    boolean inProcess();

    @Override
    default void close() {
    }

    /** The nft binary, run through {@code runner}. */
    static Nft binary(CommandRunner runner) {
        return new NftBinary(runner, "");
    }

    /**
     * The engine {@link #ENGINE_PROPERTY} asks for: libnftables, the nft binary through
     * {@code runner}, or (auto) libnftables when it loads and the binary otherwise.
     * {@code threads} makes the thread that owns a libnftables context (its netlink socket lives in
     * that thread's network namespace).
     */
    static Nft open(CommandRunner runner, ThreadFactory threads) {
        String mode = System.getProperty(ENGINE_PROPERTY, "auto");
        switch (mode) {
            case "binary":
                return new NftBinary(runner, "-D" + ENGINE_PROPERTY + "=binary");
            case "library":
                return NftLibrary.open(threads);
            case "auto":
                try {
                    return NftLibrary.open(threads);
                } catch (LinkageError | KernelException e) {
                    return new NftBinary(runner, "libnftables not usable: " + e.getMessage().lines().findFirst().orElse(""));
                }
            default:
                throw new IllegalArgumentException(ENGINE_PROPERTY + " must be auto, library or binary, not '" + mode + "'");
        }
    }
}
