/**
 * Effectful: the multipath tunnel's TUN device and path sockets (jnr-ffi), the threads that move packets
 * between them, and the stand-alone {@code TunnelMain}.
 */
package net.mwan3.tunnel.io;
