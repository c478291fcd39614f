package net.mwan3.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Exhaustive check that concurrent probing yields what mwan3's sequential loop yields: every outcome vector
 * over up to five targets (answered, failed, and with check_quality in-between), every reliability.
 */
class RoundProgressPropertyTest {

    private static final ProbeOutcome[] PLAIN = {ProbeOutcome.succeeded(), ProbeOutcome.failed()};
    private static final ProbeOutcome[] QUALITY = {ProbeOutcome.measured(true, 20, 0), ProbeOutcome.failed(),
        ProbeOutcome.measured(true, 700, 20)};

    /** The oracle: mwan3track's loop, literally (reference §5.3). */
    private record Sequential(RoundVerdict verdict, Set<Integer> probed) {
    }

    private static Sequential shellLoop(RoundEvaluator e, List<ProbeOutcome> outcomes) {
        int hostUpCount = 0;
        List<TargetResult> results = new ArrayList<>();
        Set<Integer> probed = new TreeSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String ip = e.targets().get(i);
            if (hostUpCount < e.reliability()) {
                probed.add(i);
                TargetResult r = e.judge(ip, outcomes.get(i));
                hostUpCount += r.status() == TargetStatus.UP ? 1 : 0;
                results.add(r);
            } else {
                results.add(TargetResult.skipped(ip));
            }
        }
        return new Sequential(new RoundVerdict(results, hostUpCount >= e.reliability()), probed);
    }

    @Test
    void plainProbing() {
        assertTrue(checkAll(false, PLAIN) > 100);
    }

    @Test
    void checkQualityProbing() {
        assertTrue(checkAll(true, QUALITY) > 1000);
    }

    private static int checkAll(boolean checkQuality, ProbeOutcome[] alphabet) {
        Random random = new Random(42);
        int cases = 0;
        for (int n = 0; n <= 5; n++) {
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add("198.18.0." + (i + 1));
            }
            int vectors = (int) Math.pow(alphabet.length, n);
            for (int reliability = 0; reliability <= n + 1; reliability++) {
                RoundEvaluator e = new RoundEvaluator(targets, reliability, checkQuality, TrackFixtures.QUALITY);
                for (int code = 0; code < vectors; code++) {
                    List<ProbeOutcome> outcomes = decode(code, n, alphabet);
                    checkOne(e, outcomes, random);
                    cases++;
                }
            }
        }
        return cases;
    }

    private static void checkOne(RoundEvaluator e, List<ProbeOutcome> outcomes, Random random) {
        Sequential oracle = shellLoop(e, outcomes);
        String what = "reliability " + e.reliability() + ", outcomes " + outcomes;
        assertEquals(oracle.verdict(), e.evaluate(outcomes), what);

        Set<Integer> probed = new TreeSet<>();
        RoundProgress p = e.begin();
        while (!p.complete()) {
            List<Integer> wave = new ArrayList<>(p.mustProbe());
            Collections.shuffle(wave, random);
            for (int i : wave) {
                assertTrue(probed.add(i), "target " + i + " asked for twice: " + what);
                p = p.with(i, outcomes.get(i));
            }
        }
        assertEquals(oracle.verdict(), p.verdict(), "waves of concurrent probes: " + what);
        assertEquals(oracle.probed(), probed, "concurrent waves probe exactly what mwan3 probes: " + what);

        RoundProgress one = e.begin();
        while (!one.complete()) {
            int next = one.mustProbe().get(0);
            one = one.with(next, outcomes.get(next));
        }
        assertEquals(oracle.verdict(), one.verdict(), "one probe at a time: " + what);
    }

    private static List<ProbeOutcome> decode(int code, int n, ProbeOutcome[] alphabet) {
        List<ProbeOutcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(alphabet[code % alphabet.length]);
            code /= alphabet.length;
        }
        return outcomes;
    }
}
