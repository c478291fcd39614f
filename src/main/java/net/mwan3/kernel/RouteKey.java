package net.mwan3.kernel;

import net.mwan3.model.Family;
import net.mwan3.plan.Route;

/**
 * A route with iproute2's defaults filled in, so a desired route and the kernel's echo of it
 * compare equal: protocol boot and scope global are shown as absent, IPv4 metric 0 is omitted and
 * IPv6 routes without a metric get 1024. {@code identity} is what the kernel keys a route by
 * (table, dst, metric, type): two routes with the same identity cannot coexist, so a
 * {@code replace} of one overwrites the other instead of needing a delete.
 */
public record RouteKey(Family family, int table, String type, String dst, String gateway, String dev,
                       String proto, String scope, String src, Integer metric) {

    public static RouteKey of(Route r) {
        Integer metric = r.metric();
        if (r.family() == Family.IPV4 && metric != null && metric == 0) {
            metric = null;
        }
        if (r.family() == Family.IPV6 && metric == null) {
            metric = 1024;
        }
        String proto = "boot".equals(r.proto()) ? null : r.proto();
        String scope = "global".equals(r.scope()) || "universe".equals(r.scope()) ? null : r.scope();
        String type = r.type() == null ? "unicast" : r.type();
        return new RouteKey(r.family(), r.table(), type, r.dst(), r.gateway(), r.dev(), proto, scope, r.src(), metric);
    }

    public String identity() {
        return family + "/" + table + "/" + type + "/" + dst + "/" + metric;
    }
}
