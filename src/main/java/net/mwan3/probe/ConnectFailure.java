package net.mwan3.probe;

import java.util.Locale;

/**
 * Sorts a failed connect into what it means for a health probe. A refusal (RST) proves the host
 * answered, which is what nping's TCP mode counts; an error raised locally before any packet left
 * (no route through the bound device, source address not ours, device gone) means the probe could
 * not run; anything else (timeouts, ICMP unreachables from the path) is a lost attempt.
 */
enum ConnectFailure {
    REFUSED,
    LOCAL,
    LOST;

    static ConnectFailure classify(Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return REFUSED;
        }
        if (m.contains("network is unreachable") || m.contains("cannot assign requested address")
                || m.contains("no such device") || m.contains("operation not permitted")) {
            return LOCAL;
        }
        return LOST;
    }
}
