package net.mwan3.testing;

import net.mwan3.kernel.LinuxKernel;
import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.kernel.Rtnetlink;
import net.mwan3.lab.NetnsThread;

/** The real kernel adapter for a lab namespace: its rtnetlink socket opened inside it, nft run there. */
public final class LinuxKernels {

    private LinuxKernels() {
    }

    public static LinuxKernel in(String netns) {
        return new LinuxKernel(NetnsThread.call(netns, Rtnetlink::open), ProcessCommandRunner.inNetns(netns));
    }
}
