package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import net.mwan3.model.Family;
import net.mwan3.model.IpAddress;
import net.mwan3.plan.Route;

/**
 * Routes as rtnetlink carries them ({@code struct rtmsg} and {@code RTA_*} attributes), read into
 * and written from {@link Route} with iproute2's conventions: a host route's destination has no
 * prefix length, a zero-length one is {@code default}, protocol {@code boot} and scope
 * {@code global} are left out, and the defaults {@code ip route replace} fills in are filled in
 * the same way, so a copy of a route reads back equal to what it was copied from.
 */
public final class RouteMessages {
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_PRIORITY = 6;
    private static final int RTA_PREFSRC = 7;
    private static final int RTA_TABLE = 15;
    private static final int RTM_F_CLONED = 0x200;
    private static final int RT_TABLE_COMPAT = 252;
    private static final int RTMSG = 12;

    private RouteMessages() {
    }

    /** Dump every route of {@code family} in every table. */
    public static byte[] dump(Family family) {
        return NlWriter.header(RTM_GETROUTE, NlMessage.F_DUMP).putByte(af(family)).putByte(0).putByte(0).putByte(0)
                .putInt(0).putInt(0).toBytes();
    }

    /**
     * One route of a dump or a notification, or null for what {@code ip route show table all} does
     * not list either (cached clones, other families).
     *
     * @param devices interface index → name; an unknown index reads as {@code if<N>}, as iproute2 shows it
     */
    public static Route parse(NlMessage m, IntFunction<String> devices) {
        ByteBuffer b = m.body();
        if (b.remaining() < RTMSG) {
            throw new NetlinkFormatException("rtmsg of " + b.remaining() + " bytes");
        }
        Family family = family(b.get(0));
        if (family == null || (b.getInt(8) & RTM_F_CLONED) != 0) {
            return null;
        }
        int dstLen = b.get(1) & 0xff;
        int table = b.get(4) & 0xff;
        int protocol = b.get(5) & 0xff;
        int scope = b.get(6) & 0xff;
        int type = b.get(7) & 0xff;
        NlAttrs a = NlAttrs.parse(b, RTMSG);
        if (a.has(RTA_TABLE)) {
            table = (int) a.u32(RTA_TABLE);
        }
        String dst;
        if (a.has(RTA_DST)) {
            dst = address(a.bytes(RTA_DST)) + (dstLen == family.bits() ? "" : "/" + dstLen);
        } else {
            dst = dstLen == 0 ? "default" : (family == Family.IPV4 ? "0.0.0.0" : "::") + "/" + dstLen;
        }
        String dev = a.has(RTA_OIF) ? devices.apply((int) a.u32(RTA_OIF)) : null;
        return new Route(family, table, RtNames.type(type), dst,
                a.has(RTA_GATEWAY) ? address(a.bytes(RTA_GATEWAY)) : null, dev,
                protocol == RtNames.RTPROT_BOOT ? null : RtNames.protocol(protocol),
                scope == RtNames.RT_SCOPE_UNIVERSE ? null : RtNames.scope(scope),
                a.has(RTA_PREFSRC) ? address(a.bytes(RTA_PREFSRC)) : null,
                a.has(RTA_PRIORITY) ? Integer.valueOf((int) a.u32(RTA_PRIORITY)) : null);
    }

    /**
     * {@code ip route replace}: create or overwrite. The defaults are iproute2's: protocol boot,
     * and with no scope given, host for local and nat routes, link for broadcast, multicast,
     * anycast and gateway-less unicast routes, else global (IPv4; IPv6 ignores scopes).
     *
     * @throws IllegalArgumentException when the route names a device {@code devices} does not know (-1)
     */
    public static byte[] replace(Route r, ToIntFunction<String> devices) {
        int type = r.type() == null ? RtNames.RTN_UNICAST : RtNames.type(r.type());
        int scope;
        if (r.scope() != null) {
            scope = RtNames.scope(r.scope());
        } else if (r.family() == Family.IPV6) {
            scope = RtNames.RT_SCOPE_UNIVERSE; // IPv6 routes have no scope: the kernel shows them all as global
        } else if (type == 2 || type == 10) {
            scope = RtNames.RT_SCOPE_HOST;
        } else if (type == 3 || type == 4 || type == 5 || (type == RtNames.RTN_UNICAST && r.gateway() == null)) {
            scope = RtNames.RT_SCOPE_LINK;
        } else {
            scope = RtNames.RT_SCOPE_UNIVERSE;
        }
        int protocol = r.proto() == null ? RtNames.RTPROT_BOOT : RtNames.protocol(r.proto());
        return message(RTM_NEWROUTE, NlMessage.F_ACK | NlMessage.F_CREATE | NlMessage.F_REPLACE, r, protocol, scope,
                type, devices);
    }

    /** {@code ip route del} with every field of {@code r} given, so only that route matches. */
    public static byte[] delete(Route r, ToIntFunction<String> devices) {
        int type = r.type() == null ? 0 : RtNames.type(r.type());
        int scope = r.scope() == null ? RtNames.RT_SCOPE_NOWHERE : RtNames.scope(r.scope());
        int protocol = r.proto() == null ? 0 : RtNames.protocol(r.proto());
        return message(RTM_DELROUTE, NlMessage.F_ACK, r, protocol, scope, type, devices);
    }

    private static byte[] message(int cmd, int flags, Route r, int protocol, int scope, int type,
                                  ToIntFunction<String> devices) {
        Family f = r.family();
        byte[] dst = null;
        int dstLen = 0;
        if (!r.isDefault()) {
            int slash = r.dst().indexOf('/');
            dst = bytes(f, slash < 0 ? r.dst() : r.dst().substring(0, slash));
            dstLen = slash < 0 ? f.bits() : Integer.parseInt(r.dst().substring(slash + 1));
        }
        NlWriter w = NlWriter.header(cmd, flags).putByte(af(f)).putByte(dstLen).putByte(0).putByte(0)
                .putByte(r.table() < 256 ? r.table() : RT_TABLE_COMPAT).putByte(protocol).putByte(scope).putByte(type)
                .putInt(0);
        w.attrU32(RTA_TABLE, r.table());
        if (dst != null) {
            w.attr(RTA_DST, dst);
        }
        if (r.gateway() != null) {
            w.attr(RTA_GATEWAY, bytes(f, r.gateway()));
        }
        if (r.dev() != null) {
            int index = devices.applyAsInt(r.dev());
            if (index <= 0) {
                throw new IllegalArgumentException("Cannot find device \"" + r.dev() + "\"");
            }
            w.attrU32(RTA_OIF, index);
        }
        if (r.src() != null) {
            w.attr(RTA_PREFSRC, bytes(f, r.src()));
        }
        if (r.metric() != null) {
            w.attrU32(RTA_PRIORITY, r.metric());
        }
        return w.toBytes();
    }

    static int af(Family f) {
        return f == Family.IPV4 ? 2 : 10;
    }

    static Family family(int af) {
        return af == 2 ? Family.IPV4 : af == 10 ? Family.IPV6 : null;
    }

    static String address(byte[] b) {
        if (b.length != 4 && b.length != 16) {
            throw new NetlinkFormatException("address of " + b.length + " bytes");
        }
        return IpAddress.of(b).toString();
    }

    static byte[] bytes(Family f, String text) {
        IpAddress a = IpAddress.parse(text).filter(x -> x.family() == f)
                .orElseThrow(() -> new IllegalArgumentException("not an " + f + " address: \"" + text + "\""));
        return a.bytes();
    }
}
