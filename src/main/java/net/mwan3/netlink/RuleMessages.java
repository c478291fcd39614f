package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.util.Set;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;
import net.mwan3.plan.IpRule;

/**
 * ip rules as rtnetlink carries them ({@code struct fib_rule_hdr} and {@code FRA_*} attributes).
 * A rule read back is recognised as an {@link IpRule} only in the shapes mwan3 creates: from all,
 * one selector (iif or fwmark/mask), lookup/unreachable/blackhole; anything more (a source, an
 * inverted match, an oif, a goto, ports, a protocol) makes it foreign, whatever its pref.
 */
public final class RuleMessages {
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTM_GETRULE = 34;
    private static final int FRA_DST = 1;
    private static final int FRA_SRC = 2;
    private static final int FRA_IIFNAME = 3;
    private static final int FRA_PRIORITY = 6;
    private static final int FRA_FWMARK = 10;
    private static final int FRA_SUPPRESS_IFGROUP = 13;
    private static final int FRA_SUPPRESS_PREFIXLEN = 14;
    private static final int FRA_TABLE = 15;
    private static final int FRA_FWMASK = 16;
    private static final int FRA_OIFNAME = 17;
    private static final int FRA_PAD = 18;
    private static final int FRA_PROTOCOL = 21;
    private static final int FR_ACT_TO_TBL = 1;
    private static final int FR_ACT_BLACKHOLE = 6;
    private static final int FR_ACT_UNREACHABLE = 7;
    private static final int FIB_RULE_IIF_DETACHED = 0x8;
    private static final int RTPROT_KERNEL = 2;
    private static final int FRHDR = 12;
    /** Attributes the kernel reports on a rule of mwan3's shapes; the two suppressors only at their default -1. */
    private static final Set<Integer> OURS = Set.of(FRA_PRIORITY, FRA_IIFNAME, FRA_FWMARK, FRA_FWMASK, FRA_TABLE,
            FRA_SUPPRESS_PREFIXLEN, FRA_SUPPRESS_IFGROUP, FRA_PROTOCOL, FRA_PAD);

    private RuleMessages() {
    }

    public static byte[] dump(Family family) {
        return header(RTM_GETRULE, NlMessage.F_DUMP, family, 0, 0).toBytes();
    }

    /** One rule of a dump or notification; null for another family. */
    public static ParsedRule parse(NlMessage m) {
        ByteBuffer b = m.body();
        if (b.remaining() < FRHDR) {
            throw new NetlinkFormatException("fib_rule_hdr of " + b.remaining() + " bytes");
        }
        Family family = RouteMessages.family(b.get(0));
        if (family == null) {
            return null;
        }
        NlAttrs a = NlAttrs.parse(b, FRHDR);
        int pref = a.has(FRA_PRIORITY) ? (int) a.u32(FRA_PRIORITY) : 0;
        IpRule rule = recognise(family, pref, b, a);
        return new ParsedRule(family, pref, rule, rule != null ? rule.args() : describe(family, pref, b, a));
    }

    private static IpRule recognise(Family family, int pref, ByteBuffer b, NlAttrs a) {
        boolean plain = b.get(1) == 0 && b.get(2) == 0 && b.get(3) == 0 && (b.getInt(8) & ~FIB_RULE_IIF_DETACHED) == 0;
        if (!plain || !OURS.containsAll(a.types()) || !atDefault(a, FRA_SUPPRESS_PREFIXLEN)
                || !atDefault(a, FRA_SUPPRESS_IFGROUP)
                || a.has(FRA_PROTOCOL) && a.u8(FRA_PROTOCOL) != 0 && a.u8(FRA_PROTOCOL) != RTPROT_KERNEL) {
            return null;
        }
        boolean hasIif = a.has(FRA_IIFNAME);
        boolean hasMark = a.has(FRA_FWMARK);
        if (hasIif == hasMark) {
            return null;
        }
        int table = a.has(FRA_TABLE) ? (int) a.u32(FRA_TABLE) : b.get(4) & 0xff;
        IpRule.Action action = switch (b.get(7) & 0xff) {
            case FR_ACT_TO_TBL -> IpRule.Action.LOOKUP;
            case FR_ACT_UNREACHABLE -> IpRule.Action.UNREACHABLE;
            case FR_ACT_BLACKHOLE -> IpRule.Action.BLACKHOLE;
            default -> null;
        };
        if (action == null || (action == IpRule.Action.LOOKUP) != (table != 0)) {
            return null;
        }
        if (hasIif) {
            return action == IpRule.Action.LOOKUP ? IpRule.iif(family, pref, a.string(FRA_IIFNAME), table) : null;
        }
        long mask = a.has(FRA_FWMASK) ? a.u32(FRA_FWMASK) : 0xffffffffL;
        return IpRule.fwmark(family, pref, a.u32(FRA_FWMARK), mask, action, table);
    }

    private static boolean atDefault(NlAttrs a, int type) {
        return !a.has(type) || a.u32(type) == 0xffffffffL;
    }

    /** A stray in iproute2's words where they are known, for the log. */
    private static String describe(Family family, int pref, ByteBuffer b, NlAttrs a) {
        StringBuilder sb = new StringBuilder("pref ").append(pref);
        sb.append((b.getInt(8) & 0x2) != 0 ? " not" : "");
        sb.append(" from ").append(a.has(FRA_SRC) ? RouteMessages.address(a.bytes(FRA_SRC)) + "/" + (b.get(2) & 0xff)
                : "all");
        if (a.has(FRA_DST)) {
            sb.append(" to ").append(RouteMessages.address(a.bytes(FRA_DST))).append('/').append(b.get(1) & 0xff);
        }
        if (a.has(FRA_IIFNAME)) {
            sb.append(" iif ").append(a.string(FRA_IIFNAME));
        }
        if (a.has(FRA_OIFNAME)) {
            sb.append(" oif ").append(a.string(FRA_OIFNAME));
        }
        if (a.has(FRA_FWMARK)) {
            sb.append(" fwmark ").append(MarkMask.hex(a.u32(FRA_FWMARK)));
            if (a.has(FRA_FWMASK)) {
                sb.append('/').append(MarkMask.hex(a.u32(FRA_FWMASK)));
            }
        }
        int table = a.has(FRA_TABLE) ? (int) a.u32(FRA_TABLE) : b.get(4) & 0xff;
        int action = b.get(7) & 0xff;
        sb.append(action == FR_ACT_TO_TBL ? " lookup " + table : " " + RtNames.type(action));
        a.types().stream().filter(t -> !OURS.contains(t) && t != FRA_SRC && t != FRA_DST && t != FRA_OIFNAME)
                .forEach(t -> sb.append(" attr").append(t));
        return sb.toString();
    }

    /** {@code ip rule add}: fails with EEXIST rather than sit beside an equal rule. */
    public static byte[] add(IpRule r) {
        return selector(header(RTM_NEWRULE, NlMessage.F_ACK | NlMessage.F_CREATE | NlMessage.F_EXCL, r.family(),
                r.table(), action(r)), r).toBytes();
    }

    /** {@code ip rule del} with the rule's full selector. */
    public static byte[] delete(IpRule r) {
        return selector(header(RTM_DELRULE, NlMessage.F_ACK, r.family(), r.table(), action(r)), r).toBytes();
    }

    private static NlWriter selector(NlWriter w, IpRule r) {
        w.attrU32(FRA_PRIORITY, r.pref());
        if (r.iif() != null) {
            w.attrString(FRA_IIFNAME, r.iif());
        } else {
            w.attrU32(FRA_FWMARK, r.fwmark()).attrU32(FRA_FWMASK, r.mask());
        }
        if (r.action() == IpRule.Action.LOOKUP) {
            w.attrU32(FRA_TABLE, r.table());
        }
        return w;
    }

    private static int action(IpRule r) {
        return switch (r.action()) {
            case LOOKUP -> FR_ACT_TO_TBL;
            case UNREACHABLE -> FR_ACT_UNREACHABLE;
            case BLACKHOLE -> FR_ACT_BLACKHOLE;
        };
    }

    private static NlWriter header(int cmd, int flags, Family family, int table, int action) {
        return NlWriter.header(cmd, flags).putByte(family == null ? 0 : RouteMessages.af(family)).putByte(0).putByte(0)
                .putByte(0).putByte(table > 0 && table < 256 ? table : 0).putByte(0).putByte(0).putByte(action)
                .putInt(0);
    }
}
