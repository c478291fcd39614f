package net.mwan3.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.mwan3.lab.Netns;

/**
 * What every benchmark main shares: {@code [--quick] RESULTS_FILE}, rows and notes appended to the
 * results file (one TSV line each, read back by {@link BenchReport}), medians and formatting.
 * Results are appended as soon as they exist, so a benchmark that dies half-way still reports what
 * it measured.
 */
final class Bench {
    final boolean quick;
    final Path out;
    final String section;

    private Bench(boolean quick, Path out, String section) {
        this.quick = quick;
        this.out = out;
        this.section = section;
    }

    static Bench from(String section, String[] args) {
        boolean quick = List.of(args).contains("--quick");
        String file = List.of(args).stream().filter(a -> !a.startsWith("--")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("usage: [--quick] RESULTS_FILE"));
        if (!Netns.available()) {
            throw new IllegalStateException("benchmarks need network namespaces (root and iproute2)");
        }
        return new Bench(quick, Path.of(file), section);
    }

    /** The same run, writing rows of another section (a benchmark that measures for two issues). */
    Bench in(String otherSection) {
        return new Bench(quick, out, otherSection);
    }

    /** Full-run value or quick-run value. */
    int reps(int full, int quickReps) {
        return quick ? quickReps : full;
    }

    void row(String figure, String ours, String anchor, String ratio, String goal, String met) {
        write(new Row(section, figure, ours, anchor, ratio, goal, met).tsv());
    }

    void note(String text) {
        write(String.join("\t", "NOTE", section, text.replace('\n', ' ')));
    }

    private void write(String line) {
        System.out.println(line);
        try {
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        String num = Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? num : num + " " + unit;
    }

    /** "x.y ×", our figure divided by the anchor. */
    static String ratio(double ours, double anchor) {
        return fmt(ours / anchor, "") + " ×";
    }

    /** Median and spread, e.g. "12.3 ms (n=5, 11.0–14.2)". */
    static String summary(List<Double> xs, String unit) {
        if (xs.isEmpty()) {
            return "n/a";
        }
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return fmt(median(xs), unit) + " (n=" + xs.size() + ", " + fmt(min, "") + "–" + fmt(max, "") + ")";
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
