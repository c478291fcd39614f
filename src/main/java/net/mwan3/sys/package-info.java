/**
 * Effectful: the one jnr-ffi libc binding (sockets, socket options, TUN, kill) shared by probes, tunnel,
 * kernel adapter and the user script, and the netlink socket built on it.
 */
package net.mwan3.sys;
