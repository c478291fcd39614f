package net.mwan3.lab;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates each interface's probe loss from successive status samples: the share of probed track
 * targets that did not answer, over the last {@code size} samples. mwan3 itself reports loss only with
 * check_quality; the lab wants to show it for every tracking method.
 */
final class LossWindow {
    private final int size;
    private final Map<String, Deque<int[]>> samples = new HashMap<>();

    LossWindow(int size) {
        this.size = size;
    }

    /** Records one sample and returns the rows with loss filled in (reported loss wins when higher). */
    List<IfaceView> add(List<IfaceView> rows) {
        List<IfaceView> out = new ArrayList<>();
        for (IfaceView v : rows) {
            Deque<int[]> d = samples.computeIfAbsent(v.name(), n -> new ArrayDeque<>());
            if (v.up() && v.probed() > 0) {
                d.addLast(new int[] {v.probed() - v.targetsUp(), v.probed()});
            }
            while (d.size() > size) {
                d.removeFirst();
            }
            int lost = d.stream().mapToInt(a -> a[0]).sum();
            int all = d.stream().mapToInt(a -> a[1]).sum();
            int estimate = all == 0 ? 0 : Math.round(100f * lost / all);
            out.add(v.withLoss(Math.max(estimate, v.lossPercent())));
        }
        return out;
    }
}
