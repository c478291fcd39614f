/**
 * Pure: netlink messages written and read by hand (headers, attributes, nesting, alignment) and
 * the rtnetlink and ctnetlink messages mwan3d exchanges with the kernel, as plain bytes; the
 * socket that carries them is {@link net.mwan3.sys.NetlinkSocket}.
 */
package net.mwan3.netlink;
