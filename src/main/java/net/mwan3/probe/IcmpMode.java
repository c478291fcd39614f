package net.mwan3.probe;

/**
 * Which kind of ICMP socket the prober uses. Ping datagram sockets need no privilege beyond
 * {@code net.ipv4.ping_group_range} containing the process gid, and the kernel demultiplexes
 * replies per socket; raw sockets need CAP_NET_RAW and see every ICMP packet of the namespace.
 */
public enum IcmpMode {
    /** {@code SOCK_DGRAM}/{@code IPPROTO_ICMP}: the kernel owns the echo id and the checksum. */
    DGRAM,
    /** {@code SOCK_RAW}: IPv4 replies arrive with their IP header, the id is ours to match. */
    RAW,
    /** Neither socket kind could be opened; every ICMP probe fails with the reason. */
    UNAVAILABLE
}
