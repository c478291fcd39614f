/**
 * Effectful: in-process health probers (ICMP echo over jnr-ffi, TCP, HTTP and DNS over Netty) that
 * send through one WAN device with the default mwan3 mark, like mwan3's sockopt wrapper does for
 * its forked probe tools.
 */
package net.mwan3.probe;
