package net.mwan3.probe;

/**
 * Outcome of one probe, in the terms mwan3's check_quality reads from ping's summary: replies out
 * of requests, loss percent and average round trip.
 *
 * @param sent          attempts made (echoes, connection attempts, queries)
 * @param received      attempts answered
 * @param avgRttMicros  mean round trip of the answered attempts in microseconds, -1 if none
 * @param error         why the probe could not run at all (no socket, no route, bad name), or null
 */
public record ProbeResult(int sent, int received, long avgRttMicros, String error) {

    public ProbeResult {
        if (sent < 0 || received < 0 || received > sent) {
            throw new IllegalArgumentException("bad counts " + received + "/" + sent);
        }
    }

    /** A probe that never got a request out. */
    public static ProbeResult failed(int sent, String error) {
        return new ProbeResult(sent, 0, -1, error);
    }

    /** Integer loss percent as ping prints it (rounded down), 100 when nothing was sent. */
    public int lossPercent() {
        return sent == 0 ? 100 : (sent - received) * 100 / sent;
    }

    /** ping's exit-0 rule (and httping's, nslookup's): at least one answer. */
    public boolean anyReplied() {
        return received > 0;
    }

    /** nping's rule in mwan3 (the "Lost" count must be 0). */
    public boolean allReplied() {
        return sent > 0 && received == sent;
    }

    /** The integer part of the average RTT in milliseconds, as mwan3 stores LATENCY; -1 if none. */
    public long avgRttMillis() {
        return avgRttMicros < 0 ? -1 : avgRttMicros / 1000;
    }
}
