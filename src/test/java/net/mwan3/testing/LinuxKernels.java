package net.mwan3.testing;

import net.mwan3.kernel.LinuxKernel;
import net.mwan3.kernel.Nft;
import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.kernel.Rtnetlink;
import net.mwan3.lab.NetnsThread;

/**
 * The real kernel adapter for a lab namespace as the daemon builds it: its rtnetlink socket opened
 * inside it, and the nftables engine the daemon would pick ({@link Nft#open}: libnftables, its
 * context made on a thread inside the namespace), which the adapter closes with itself.
 */
public final class LinuxKernels {

    private LinuxKernels() {
    }

    public static LinuxKernel in(String netns) {
        Nft nft = Nft.open(ProcessCommandRunner.inNetns(netns), NetnsThread.factory(netns, "nft"));
        return new LinuxKernel(NetnsThread.call(netns, Rtnetlink::open), nft);
    }
}
