package net.mwan3.tunnel;

/** What a path is doing, as {@code mwan3 tunnels} shows it. */
public enum PathState {
    /** Beats are fresh and the path carries data. */
    UP,
    /** Beats are fresh, but failover mode sends data on another path: this one takes over when that fails. */
    STANDBY,
    /** Beats stopped (or have not come often enough yet to trust the path). */
    DOWN,
    /** Its WAN is offline in mwan3's tracker (ours on the client, the client's on the server): beats only. */
    OFFLINE;

    /** The word for status output. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the path's beats say it works (up or standby). */
    public boolean healthy() {
        return this == UP || this == STANDBY;
    }
}
