/** Effectful: the one jnr-ffi libc binding (sockets, socket options, TUN) shared by probes and tunnel. */
package net.mwan3.sys;
