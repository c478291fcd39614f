package net.mwan3.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jnr.ffi.Pointer;

import net.mwan3.sys.LibC;
import net.mwan3.sys.LibNftables;

/**
 * nftables in process: libnftables runs exactly what {@code nft -f} would (the same parser, one
 * netlink batch, one atomic commit) without starting a process. One context, confined to one
 * thread of its own: libnftables is not thread-safe, and the context's netlink socket belongs to
 * the network namespace its thread was in when it was made (tests hand in a thread that entered a
 * lab namespace). A script reaches the library as a memfd read back by name, so an error names
 * the line that failed ({@code mwan3.nft:3:29-34: Error: ...}); from a buffer, nft 1.0.6 prints
 * the first line of the script under the caret instead.
 */
final class NftLibrary implements Nft {
    private static final int AF_NETLINK = 16;
    private static final int NETLINK_NETFILTER = 12;
    private static final long TIMEOUT_SECONDS = 30;
    private static final String SCRIPT = "mwan3.nft";
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final LibNftables lib;
    private final ExecutorService thread;
    private final Pointer ctx;
    private final String version;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private NftLibrary(LibNftables lib, ExecutorService thread, Pointer ctx) {
        this.lib = lib;
        this.thread = thread;
        this.ctx = ctx;
        CommandResult tables = list(true, "tables");
        Matcher m = VERSION.matcher(tables.stdout());
        this.version = m.find() ? m.group(1) : "(version unknown)";
    }

    /**
     * Loads libnftables and makes its context on a thread from {@code threads}.
     *
     * @throws LinkageError     when libnftables is not installed
     * @throws KernelException  when no netfilter netlink socket can be opened there (libnftables
     *                          would exit the process)
     */
    static NftLibrary open(ThreadFactory threads) {
        LibNftables lib = LibNftables.load();
        ExecutorService thread = Executors.newSingleThreadExecutor(threads);
        try {
            Pointer ctx = thread.submit(() -> context(lib)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new NftLibrary(lib, thread, ctx);
        } catch (ExecutionException e) {
            thread.shutdown();
            throw e.getCause() instanceof RuntimeException r ? r : new KernelException(e.getCause().toString());
        } catch (TimeoutException e) {
            thread.shutdown();
            throw new KernelException("libnftables: no context after " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdown();
            throw new KernelException("libnftables: interrupted");
        }
    }

    private static Pointer context(LibNftables lib) {
        int probe = LibC.INSTANCE.socket(AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, NETLINK_NETFILTER);
        if (probe < 0) {
            throw new KernelException("libnftables: no netfilter netlink socket: " + LibC.lastError());
        }
        LibC.INSTANCE.close(probe);
        Pointer ctx = lib.nft_ctx_new(LibNftables.NFT_CTX_DEFAULT);
        if (ctx == null) {
            throw new KernelException("libnftables: nft_ctx_new failed");
        }
        lib.nft_ctx_buffer_output(ctx);
        lib.nft_ctx_buffer_error(ctx);
        return ctx;
    }

    @Override
    public CommandResult apply(String script) {
        List<String> argv = List.of("libnftables", "-f", SCRIPT);
        return call(argv, () -> {
            byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
            int fd = lib.memfd_create(SCRIPT, LibNftables.MFD_CLOEXEC);
            if (fd < 0) {
                return run(argv, 0, bytes);
            }
            try {
                if (!writeAll(fd, bytes)) {
                    return new CommandResult(argv, 1, "", "writing the script to a memfd: " + LibC.lastError());
                }
                String path = "/proc/self/fd/" + fd;
                int rc = lib.nft_run_cmd_from_filename(ctx, path);
                return result(argv, rc, path);
            } finally {
                LibC.INSTANCE.close(fd);
            }
        });
    }

    @Override
    public CommandResult list(boolean json, String... object) {
        List<String> argv = new ArrayList<>(List.of("libnftables"));
        if (json) {
            argv.add("-j");
        }
        argv.add("list");
        argv.addAll(List.of(object));
        byte[] command = ("list " + String.join(" ", object) + "\0").getBytes(StandardCharsets.UTF_8);
        return call(argv, () -> run(argv, json ? LibNftables.NFT_CTX_OUTPUT_JSON : 0, command));
    }

    /** Runs a NUL-terminated command buffer with the given output flags (reset afterwards). */
    private CommandResult run(List<String> argv, int flags, byte[] command) {
        byte[] buf = command.length > 0 && command[command.length - 1] == 0 ? command : terminated(command);
        lib.nft_ctx_output_set_flags(ctx, flags);
        try {
            return result(argv, lib.nft_run_cmd_from_buffer(ctx, buf), null);
        } finally {
            lib.nft_ctx_output_set_flags(ctx, 0);
        }
    }

    private static byte[] terminated(byte[] b) {
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        out[b.length] = 0;
        return out;
    }

    private CommandResult result(List<String> argv, int rc, String scriptPath) {
        String out = string(lib.nft_ctx_get_output_buffer(ctx));
        String err = string(lib.nft_ctx_get_error_buffer(ctx));
        if (scriptPath != null) {
            err = err.replace(scriptPath, SCRIPT);
        }
        return new CommandResult(argv, rc == 0 ? 0 : 1, out, err);
    }

    private static String string(Pointer p) {
        return p == null ? "" : p.getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
    }

    private static boolean writeAll(int fd, byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = off == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, off, bytes.length);
            long n = LibC.INSTANCE.write(fd, rest, rest.length);
            if (n < 0 && LibC.errno() != LibC.EINTR) {
                return false;
            }
            off += (int) Math.max(0, n);
        }
        return true;
    }

    /** Runs {@code task} on the context's thread; a hung library call is reported, not waited out. */
    private CommandResult call(List<String> argv, Callable<CommandResult> task) {
        try {
            return thread.submit(task).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return new CommandResult(argv, 1, "", "libnftables: " + e.getCause());
        } catch (TimeoutException e) {
            return new CommandResult(argv, 124, "", "libnftables: no answer after " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(argv, 130, "", "interrupted");
        }
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public String describe() {
        return "libnftables " + version + ", in process";
    }

    /** Frees the context on its thread and ends the thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.submit(() -> lib.nft_ctx_free(ctx)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KernelException("libnftables: freeing the context: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdown();
        }
    }
}
