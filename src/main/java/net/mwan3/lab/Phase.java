package net.mwan3.lab;

import java.time.Duration;
import java.util.List;

/**
 * One step of the lab's schedule: a fault (or its repair) applied to one WAN at the start, then
 * {@code length} of watching.
 *
 * @param percent loss percentage for {@link Kind#LOSS}, otherwise 0
 */
public record Phase(String name, Kind kind, int wan, int percent, Duration length) {

    /** What a phase does at its start; {@link #down()} tells whether it takes a WAN away. */
    public enum Kind {
        STEADY("none"),
        BLACKHOLE("upstream blackhole"),
        CLEAR("fault removed"),
        CARRIER_DOWN("carrier down"),
        CARRIER_UP("carrier up"),
        LOSS("random loss");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        public boolean down() {
            return this == BLACKHOLE || this == CARRIER_DOWN;
        }

        public boolean recovery() {
            return this == CLEAR || this == CARRIER_UP;
        }
    }

    /** The fault as shown in the summary, e.g. "30 % random loss". */
    public String fault() {
        return kind == Kind.LOSS ? percent + " % " + kind.words() : kind.words();
    }

    /** Applies this phase's fault to the lab. */
    public void apply(Faults faults) {
        switch (kind) {
            case BLACKHOLE -> faults.blackhole(wan);
            case CLEAR -> faults.clear(wan);
            case CARRIER_DOWN -> faults.carrier(wan, false);
            case CARRIER_UP -> faults.carrier(wan, true);
            case LOSS -> faults.loss(wan, percent);
            case STEADY -> {
                // nothing to inject: the baseline
            }
        }
    }

    /** The lab's schedule, about 45 s after warm-up. */
    public static List<Phase> standard() {
        return schedule(1.0);
    }

    /** The same schedule with shorter phases, for tests; still long enough for tracking to react. */
    public static List<Phase> quick() {
        return schedule(0.5);
    }

    private static List<Phase> schedule(double scale) {
        return List.of(
                new Phase("steady", Kind.STEADY, 0, 0, secs(5, scale)),
                new Phase("blackhole wan1", Kind.BLACKHOLE, 1, 0, secs(8, scale)),
                new Phase("recover wan1", Kind.CLEAR, 1, 0, secs(7, scale)),
                new Phase("carrier down wan2", Kind.CARRIER_DOWN, 2, 0, secs(6, scale)),
                new Phase("carrier up wan2", Kind.CARRIER_UP, 2, 0, secs(7, scale)),
                new Phase("30% loss wan3", Kind.LOSS, 3, 30, secs(8, scale)),
                new Phase("clear wan3", Kind.CLEAR, 3, 0, secs(5, scale)));
    }

    private static Duration secs(int s, double scale) {
        return Duration.ofMillis(Math.max(3000, Math.round(s * 1000 * scale)));
    }
}
