/** Effectful: the one jnr-ffi libc binding (sockets, socket options, TUN, kill) shared by probes, tunnel and the user script. */
package net.mwan3.sys;
