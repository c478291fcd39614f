package net.mwan3.track;

/**
 * A hotplug event the tracker emits ({@code ACTION=<action> [FIRSTCONNECT=1]}). Only {@code connected} and
 * {@code disconnected} change routing; all four reach {@code /etc/mwan3.user}.
 *
 * @param firstConnect set on the {@code connected} that starts tracking (start or ifup), which mwan3's own
 *                     hotplug handler ignores because the ifup already routed the interface
 */
public record TrackEvent(Action action, boolean firstConnect) {

    public static final TrackEvent CONNECTING = new TrackEvent(Action.CONNECTING, false);
    public static final TrackEvent CONNECTED = new TrackEvent(Action.CONNECTED, false);
    public static final TrackEvent DISCONNECTING = new TrackEvent(Action.DISCONNECTING, false);
    public static final TrackEvent DISCONNECTED = new TrackEvent(Action.DISCONNECTED, false);
    public static final TrackEvent FIRST_CONNECTED = new TrackEvent(Action.CONNECTED, true);

    public TrackEvent {
        if (firstConnect && action != Action.CONNECTED) {
            throw new IllegalArgumentException("FIRSTCONNECT only goes with connected, not " + action);
        }
    }

    /** The hotplug {@code ACTION} values the tracker uses. */
    public enum Action {
        CONNECTING("connecting"), CONNECTED("connected"), DISCONNECTING("disconnecting"),
        DISCONNECTED("disconnected");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        /** The {@code ACTION} value. */
        public String word() {
            return word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    @Override
    public String toString() {
        return firstConnect ? action + " FIRSTCONNECT=1" : action.toString();
    }
}
