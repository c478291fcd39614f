package net.mwan3.lab;

/**
 * One new TCP connection of the lab's traffic.
 *
 * @param wan the WAN it left by (1..3), or 0 when it failed
 */
public record Flow(long startNanos, long endNanos, int port, int wan) {

    public boolean failed() {
        return wan == 0;
    }
}
