package net.mwan3.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A port or an inclusive port range, as mwan3's {@code src_port}/{@code dest_port} lists them. */
public record PortRange(int from, int to) {

    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("bad port range " + from + "-" + to);
        }
    }

    /**
     * Parses mwan3's multiport syntax: {@code 443}, {@code 80,443}, {@code 1000:2000}; also
     * {@code 1000-2000} and spaces between items, which users write and iptables rejected.
     */
    public static Optional<List<PortRange>> parseList(String text) {
        List<PortRange> out = new ArrayList<>();
        // Empty items ("80,", "80,,443") are refused, as iptables' multiport refuses them.
        for (String item : text.trim().split("\\s*,\\s*|\\s+", -1)) {
            if (item.isEmpty()) {
                return Optional.empty();
            }
            String[] ends = item.split("[:-]", -1);
            if (ends.length > 2) {
                return Optional.empty();
            }
            Integer lo = port(ends[0]);
            Integer hi = ends.length == 2 ? port(ends[1]) : lo;
            if (lo == null || hi == null || lo > hi) {
                return Optional.empty();
            }
            out.add(new PortRange(lo, hi));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(out));
    }

    private static Integer port(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int v = Integer.parseInt(s);
        return v <= 65535 ? v : null;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
