/**
 * Effectful edge: the daemon's kernel adapter. ip rules, routes, devices, addresses and conntrack
 * over netlink ({@link net.mwan3.kernel.Rtnetlink}, {@link net.mwan3.kernel.LinkMonitor},
 * {@link net.mwan3.kernel.Conntrack}); table {@code inet mwan3} through {@link net.mwan3.kernel.Nft}
 * (libnftables in process, or the nft binary through the {@link net.mwan3.kernel.CommandRunner} that
 * also serves the lab and the tunnel's set-up).
 */
package net.mwan3.kernel;
