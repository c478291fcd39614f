package net.mwan3.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads Prometheus text exposition into {@code name{k="v",...}} (labels sorted) to value, for assertions. */
final class PrometheusText {

    private PrometheusText() {
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(key(line.substring(0, space)), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** {@code name{b="2",a="1",}} becomes {@code name{a="1",b="2"}}; names without labels stay as they are. */
    static String key(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return series;
        }
        Map<String, String> labels = new TreeMap<>();
        String body = series.substring(brace + 1, series.lastIndexOf('}'));
        for (String pair : body.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        StringBuilder sb = new StringBuilder(series.substring(0, brace)).append('{');
        labels.forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }
}
