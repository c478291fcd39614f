/**
 * Pure: the multipath relay's wire format, key derivation and datagram MAC (on the JDK's HmacSHA256), HELLO stamp
 * rules and replay windows, de-duplication and reorder windows, path health and the per-mode schedulers; no I/O
 * and no clock (every time is passed in as nanoseconds).
 */
package net.mwan3.tunnel;
