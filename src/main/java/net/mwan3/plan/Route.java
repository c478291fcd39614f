package net.mwan3.plan;

import net.mwan3.model.Family;

/**
 * A route as {@code ip route} shows it, reduced to the attributes mwan3 copies between tables.
 * Null fields are absent. {@code type} is {@code unicast} for ordinary routes.
 *
 * @param table 254 for main, 255 for local, an interface id for ours
 */
public record Route(Family family, int table, String type, String dst, String gateway, String dev, String proto,
                    String scope, String src, Integer metric) {

    public static final int MAIN = 254;
    public static final int LOCAL = 255;

    public boolean isDefault() {
        return "default".equals(dst);
    }

    public Route inTable(int newTable) {
        return new Route(family, newTable, type, dst, gateway, dev, proto, scope, src, metric);
    }

    /** The arguments after {@code ip -4 route replace}, ending with the table. */
    public String args() {
        StringBuilder sb = new StringBuilder();
        if (type != null && !type.equals("unicast")) {
            sb.append(type).append(' ');
        }
        sb.append(dst);
        append(sb, "via", gateway);
        append(sb, "dev", dev);
        append(sb, "proto", proto);
        append(sb, "scope", scope);
        append(sb, "src", src);
        append(sb, "metric", metric == null ? null : metric.toString());
        return sb.append(" table ").append(table).toString();
    }

    private static void append(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(' ').append(key).append(' ').append(value);
        }
    }

    @Override
    public String toString() {
        return "ip " + (family == Family.IPV4 ? "-4" : "-6") + " route replace " + args();
    }
}
