package net.mwan3.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * libnftables, the library behind the {@code nft} command (Debian's libnftables1, OpenWrt's
 * libnftables), through jnr-ffi like {@link LibC}: a context, its output and error buffers, JSON
 * output, and running commands from a buffer or a file. Also libc's {@code memfd_create}, which
 * its one caller needs to hand a script over by name (see net.mwan3.kernel.NftLibrary).
 */
public interface LibNftables {
    int NFT_CTX_DEFAULT = 0;
    int NFT_CTX_OUTPUT_JSON = 1 << 4;
    int MFD_CLOEXEC = 1;

    /**
     * Binds libnftables.so (or .so.N) and libc; throws {@link LinkageError} when libnftables is not
     * installed or lacks a function bound here.
     */
    static LibNftables load() {
        return LibraryLoader.create(LibNftables.class).failImmediately().library("nftables").library("c").load();
    }

    /** A new context; with NFT_CTX_DEFAULT it opens its netfilter netlink socket now (and exits the process if it cannot). */
    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    /** What the last commands printed; the buffer is rewound (the next call starts empty). */
    Pointer nft_ctx_get_output_buffer(Pointer ctx);

    Pointer nft_ctx_get_error_buffer(Pointer ctx);

    void nft_ctx_output_set_flags(Pointer ctx, int flags);

    /** {@code buf}: NUL-terminated UTF-8. 0 on success. */
    int nft_run_cmd_from_buffer(Pointer ctx, @In byte[] buf);

    /** Like {@code nft -f FILE}: one transaction; errors name FILE:line:column. 0 on success. */
    int nft_run_cmd_from_filename(Pointer ctx, String filename);

    /** libc: an anonymous in-memory file, readable again through /proc/self/fd/N. */
    @SaveError
    int memfd_create(String name, int flags);
}
