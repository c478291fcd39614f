package net.mwan3.bench;

import java.util.List;

import net.mwan3.lab.Netns;

/**
 * Many WAN-like devices cheaply: a router namespace with N veth devices {@code w1..wN}, all leading
 * to one "far" namespace that holds the track targets 203.0.113.1–4 on its loopback. Link K is
 * 198.18.K.0/24 (router .2, far .1), with a default route per link (metric K), so each device can
 * reach every target. Built with one {@code ip -batch} per namespace: 250 links take seconds, where
 * {@link net.mwan3.lab.Topology}'s one-ISP-namespace-per-WAN would take minutes.
 */
final class FanLab implements AutoCloseable {
    static final List<String> TARGETS = List.of("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4");

    final Netns netns;
    final String router;
    final String far;
    final int links;

    FanLab(String tag, int links) {
        if (links > 250) {
            throw new IllegalArgumentException("at most 250 links (one /24 of 198.18.0.0/15 each)");
        }
        this.netns = new Netns(tag);
        this.links = links;
        try {
            this.router = netns.add("r");
            this.far = netns.add("f");
            wire();
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    static String device(int k) {
        return "w" + k;
    }

    private void wire() {
        StringBuilder r = new StringBuilder();
        StringBuilder f = new StringBuilder();
        StringBuilder routes = new StringBuilder();
        for (int k = 1; k <= links; k++) {
            r.append("link add w").append(k).append(" type veth peer name p").append(k).append(" netns ").append(far)
                    .append('\n');
            r.append("link set w").append(k).append(" up\naddr add 198.18.").append(k).append(".2/24 dev w").append(k)
                    .append('\n');
            f.append("link set p").append(k).append(" up\naddr add 198.18.").append(k).append(".1/24 dev p").append(k)
                    .append('\n');
            routes.append("route add default via 198.18.").append(k).append(".1 dev w").append(k).append(" metric ")
                    .append(k).append('\n');
        }
        for (String t : TARGETS) {
            f.append("addr add ").append(t).append("/32 dev lo\n");
        }
        batch(router, r.toString());
        batch(far, f.toString());
        batch(router, routes.toString());
    }

    private void batch(String ns, String lines) {
        netns.runner(ns).run(List.of("ip", "-batch", "-"), lines).orThrow();
    }

    @Override
    public void close() {
        netns.close();
    }
}
