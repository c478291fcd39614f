/** Effectful: the jnr-ffi bindings: libc (sockets, socket options, TUN) for probes and tunnel; libnftables for the kernel adapter. */
package net.mwan3.sys;
