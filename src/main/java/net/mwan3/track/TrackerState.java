package net.mwan3.track;

/**
 * A tracker's state, mwan3's {@code STATUS} file. Only {@link #ONLINE} and {@link #DISCONNECTING} carry
 * traffic: routing changes on the {@code connected}/{@code disconnected} events, never on the intermediate
 * states.
 */
public enum TrackerState {
    ONLINE("online"),
    OFFLINE("offline"),
    /** Offline, with some good rounds in a row but fewer than {@code up}. */
    CONNECTING("connecting"),
    /** Online, with some bad rounds in a row but fewer than {@code down}. */
    DISCONNECTING("disconnecting"),
    /** Not tracking: the interface is down or has no device (mwan3's {@code STARTED=0}). */
    DISABLED("disabled");

    private final String word;

    TrackerState(String word) {
        this.word = word;
    }

    /** The word mwan3 writes to {@code STATUS} and status output shows. */
    public String word() {
        return word;
    }

    /** Whether routing treats the interface as up: the last routing event was {@code connected}. */
    public boolean routable() {
        return this == ONLINE || this == DISCONNECTING;
    }

    @Override
    public String toString() {
        return word;
    }
}
