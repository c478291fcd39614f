package net.mwan3.kernel;

/** {@link LinuxKernelIT}'s cases with nftables through the nft binary, as where libnftables is missing. */
class LinuxKernelNftBinaryIT extends LinuxKernelIT {

    @Override
    protected String engine() {
        return "binary";
    }
}
