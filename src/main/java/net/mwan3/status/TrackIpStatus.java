package net.mwan3.status;

/** One probe target as status shows it: {@code up}, {@code down}, {@code skipped} or {@code unknown}. */
public record TrackIpStatus(String ip, String status, int latency, int packetloss) {
}
