/**
 * Effectful: the one jnr-ffi libc binding (sockets, socket options, TUN) shared by probes, tunnel
 * and kernel adapter, and the netlink socket built on it.
 */
package net.mwan3.sys;
