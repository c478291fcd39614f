package net.mwan3.probe;

/**
 * What one attempt of a probe came to.
 *
 * @param sent     whether a request left the box
 * @param replied  whether an answer counted by this method came back
 * @param rttNanos round trip of the answer, or 0
 * @param error    why nothing could be sent, or a note on the loss; null if none
 */
record Outcome(boolean sent, boolean replied, long rttNanos, String error) {

    static Outcome replied(long rttNanos) {
        return new Outcome(true, true, rttNanos, null);
    }

    static Outcome lost(String why) {
        return new Outcome(true, false, 0, why);
    }

    static Outcome notSent(String error) {
        return new Outcome(false, false, 0, error);
    }
}
