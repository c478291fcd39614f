/**
 * Effectful: the multipath relay's WireGuard device (kernel or wireguard-go), its local and path sockets
 * (jnr-ffi), the supervised event loop that moves datagrams between them, and the stand-alone {@code TunnelMain}.
 */
package net.mwan3.tunnel.io;
