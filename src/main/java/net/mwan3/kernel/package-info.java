/**
 * Effectful edge: the daemon's kernel adapter, the one place that drives nftables (libnftables in
 * process, or nft), ip and conntrack against routing state; its {@link net.mwan3.kernel.CommandRunner}
 * also serves the lab and the tunnel's set-up.
 */
package net.mwan3.kernel;
