package net.mwan3.config;

import java.util.List;

import net.mwan3.model.MarkMask;

/**
 * The {@code globals} section. {@code metricsListen} is null when metrics are off; {@code controlGroup}
 * null when only root may use the control socket; {@code trafficDetection} is the default of the
 * interfaces' option of that name (extension).
 */
public record Globals(MarkMask mmxMask, boolean logging, String loglevel, List<Integer> rtTableLookup,
                      boolean sourceRouting, String metricsListen, String controlGroup, boolean trafficDetection) {

    public Globals {
        rtTableLookup = List.copyOf(rtTableLookup);
    }

    /** Without the traffic detection switch: on, its default. */
    public Globals(MarkMask mmxMask, boolean logging, String loglevel, List<Integer> rtTableLookup,
                   boolean sourceRouting, String metricsListen, String controlGroup) {
        this(mmxMask, logging, loglevel, rtTableLookup, sourceRouting, metricsListen, controlGroup, true);
    }

    public static final Globals DEFAULT = new Globals(MarkMask.DEFAULT, false, "notice", List.of(), false, null,
            null);
}
