package net.mwan3.config;

import java.time.Duration;
import java.util.List;

/**
 * How an interface is probed and judged (mwan3track's options). {@code method} is already the
 * method that will run: unsupported ones were replaced by ping with a warning.
 */
public record Tracking(List<String> trackIps, TrackMethod method, int trackPort, boolean httpingSsl,
                       int reliability, int count, int size, int maxTtl, Duration timeout, Duration interval,
                       Duration failureInterval, Duration recoveryInterval, boolean keepFailureInterval,
                       boolean checkQuality, Quality quality, int up, int down) {

    public Tracking {
        trackIps = List.copyOf(trackIps);
    }

    /** An interface without targets is not tracked: it is online whenever it is up. */
    public boolean enabled() {
        return !trackIps.isEmpty();
    }
}
