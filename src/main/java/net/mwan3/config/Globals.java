package net.mwan3.config;

import java.util.List;

import net.mwan3.model.MarkMask;

/**
 * The {@code globals} section. {@code metricsListen} is null when metrics are off; {@code controlGroup}
 * null when only root may use the control socket.
 */
public record Globals(MarkMask mmxMask, boolean logging, String loglevel, List<Integer> rtTableLookup,
                      boolean sourceRouting, String metricsListen, String controlGroup) {

    public Globals {
        rtTableLookup = List.copyOf(rtTableLookup);
    }

    public static final Globals DEFAULT = new Globals(MarkMask.DEFAULT, false, "notice", List.of(), false, null,
            null);
}
