/**
 * Effectful: the jnr-ffi bindings: libc (sockets, socket options, TUN, kill) shared by probes, tunnel,
 * kernel adapter and the user script, and the netlink socket built on it; libnftables for the kernel
 * adapter's table.
 */
package net.mwan3.sys;
