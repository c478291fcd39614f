package net.mwan3.lab;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bonded scene measured (pure): the download's rate before and during the cut, its longest stall,
 * the pings lost, and how many packets each WAN's path received before the cut (about equal in redundant mode).
 *
 * @param problem why nothing could be measured, or null
 */
record BondResult(double mbitBefore, double mbitCut, long longestStallMs, int pingsSent, int pingsReceived,
                  long wan1Packets, long wan2Packets, long bondDownMs, String problem) {
    private static final Pattern PING = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    static BondResult failed(String problem) {
        return new BondResult(0, 0, 0, 0, 0, 0, 0, -1, problem);
    }

    /**
     * From cumulative byte counts sampled every {@code sampleMs}, the cut between samples {@code cutFrom} and
     * {@code cutTo}, ping's summary, and the paths' received counters (index 1 and 2) when the cut began.
     */
    static BondResult of(List<Long> bytes, int sampleMs, int cutFrom, int cutTo, String pingLog, long[] atCut) {
        int warm = Math.min(5, cutFrom - 1);
        double before = mbit(bytes.get(cutFrom - 1) - bytes.get(warm), (cutFrom - 1 - warm) * sampleMs);
        double cut = mbit(bytes.get(cutTo - 1) - bytes.get(cutFrom - 1), (cutTo - cutFrom) * sampleMs);
        long stall = 0;
        long run = 0;
        for (int i = warm + 1; i < bytes.size(); i++) {
            run = bytes.get(i).equals(bytes.get(i - 1)) ? run + sampleMs : 0;
            stall = Math.max(stall, run);
        }
        Matcher m = PING.matcher(pingLog);
        if (!m.find()) {
            return failed("ping printed no summary: " + pingLog.strip());
        }
        return new BondResult(before, cut, stall, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                atCut[1], atCut[2], -1, bytes.get(bytes.size() - 1) == 0 ? "the download received nothing" : null);
    }

    /** With the time mwan3 took to show the tunnel interface offline after both its WANs were cut. */
    BondResult withBondDown(long ms) {
        return new BondResult(mbitBefore, mbitCut, longestStallMs, pingsSent, pingsReceived, wan1Packets, wan2Packets,
                ms, problem);
    }

    private static double mbit(long bytes, int ms) {
        return ms <= 0 ? 0 : bytes * 8.0 / 1000 / ms;
    }

    /** Whether the scene measured something (not whether redundancy worked: that is the numbers' job). */
    boolean measured() {
        return problem == null;
    }

    /** The scene's summary lines. */
    String lines() {
        if (problem != null) {
            return "  bonded scene measured nothing: " + problem + "\n";
        }
        return String.format(Locale.ROOT, "  before the cut: download %.1f Mbit/s; packets received on wan1 %d, on wan2 %d"
                        + " (every packet on both)%n  wan1 blackholed: download %.1f Mbit/s, longest stall %d ms;"
                        + " pings lost %d of %d%n  wan1 and wan2 blackholed: interface bond down in mwan3 after %s%n",
                mbitBefore, wan1Packets, wan2Packets, mbitCut, longestStallMs, pingsSent - pingsReceived, pingsSent,
                bondDownMs < 0 ? "- (not within 5 s)" : bondDownMs + " ms");
    }
}
