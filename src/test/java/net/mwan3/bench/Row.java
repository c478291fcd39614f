package net.mwan3.bench;

/**
 * One line of a benchmark table. Values are preformatted text so each benchmark chooses its unit;
 * {@code met} is "yes", "no" or "–" (no goal, or not measurable in this run).
 */
public record Row(String section, String figure, String ours, String anchor, String ratio, String goal,
                  String met) {

    static String verdict(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    String tsv() {
        return String.join("\t", "ROW", section, figure, ours, anchor, ratio, goal, met);
    }

    static Row parse(String line) {
        String[] f = line.split("\t", -1);
        return new Row(f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }
}
