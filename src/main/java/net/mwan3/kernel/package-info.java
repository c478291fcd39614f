/**
 * Effectful edge: the daemon's kernel adapter. ip rules, routes, devices, addresses and conntrack
 * over netlink ({@link net.mwan3.kernel.Rtnetlink}, {@link net.mwan3.kernel.LinkMonitor},
 * {@link net.mwan3.kernel.Conntrack}); table {@code inet mwan3} through nft, run by the
 * {@link net.mwan3.kernel.CommandRunner} that also serves the lab and the tunnel's set-up.
 */
package net.mwan3.kernel;
