package net.mwan3.lab;

import java.util.List;

/**
 * Everything one frame of the live display shows, gathered at one moment.
 *
 * @param share  new port-8080 flows that started in the last window: index 0 failed, 1..3 per WAN
 * @param https  the same for port-443 flows (sticky rule)
 * @param udp    per pinned UDP flow ("wan1" first): the WAN its last reply came through
 */
public record LabSnapshot(String phase, int phaseNo, int phases, double phaseSecs, double phaseLength,
                          double elapsedSecs, List<IfaceView> ifaces, int[] share, int[] https,
                          List<String> udp, List<PhaseResult> results) {
}
