package net.mwan3.config;

import java.time.Duration;
import java.util.List;

/**
 * How an interface is probed and judged (mwan3track's options). {@code method} is already the
 * method that will run: unsupported ones were replaced by ping with a warning.
 *
 * @param trafficDetection (extension) whether the WAN's own traffic is watched for a stop of replies,
 *                         which starts a probe burst at once (the interface's option, else globals')
 */
public record Tracking(List<String> trackIps, TrackMethod method, int trackPort, boolean httpingSsl,
                       int reliability, int count, int size, int maxTtl, Duration timeout, Duration interval,
                       Duration failureInterval, Duration recoveryInterval, boolean keepFailureInterval,
                       boolean checkQuality, Quality quality, int up, int down, boolean trafficDetection) {

    public Tracking {
        trackIps = List.copyOf(trackIps);
    }

    /** mwan3's options alone: traffic detection on, its default. */
    public Tracking(List<String> trackIps, TrackMethod method, int trackPort, boolean httpingSsl, int reliability,
                    int count, int size, int maxTtl, Duration timeout, Duration interval, Duration failureInterval,
                    Duration recoveryInterval, boolean keepFailureInterval, boolean checkQuality, Quality quality,
                    int up, int down) {
        this(trackIps, method, trackPort, httpingSsl, reliability, count, size, maxTtl, timeout, interval,
                failureInterval, recoveryInterval, keepFailureInterval, checkQuality, quality, up, down, true);
    }

    /** An interface without targets is not tracked: it is online whenever it is up. */
    public boolean enabled() {
        return !trackIps.isEmpty();
    }
}
