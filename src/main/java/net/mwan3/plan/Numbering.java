package net.mwan3.plan;

import net.mwan3.model.DeviceName;
import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;

/**
 * mwan3's fixed numbering, kept exactly so LuCI, scripts and habits that grep {@code ip rule} keep
 * working: interface id N uses table N, rule prefs 1000+N (iif), 2000+N (fwmark lookup) and 3000+N
 * (fwmark unreachable); the blackhole and unreachable marks get prefs 2000+MM_BLACKHOLE and
 * 2000+MM_UNREACHABLE. Also the names of our nftables objects.
 */
public record Numbering(MarkMask mask) {

    public static final int IIF_BASE = 1000;
    public static final int FWMARK_BASE = 2000;
    public static final int UNREACHABLE_BASE = 3000;
    /** The chain holding the user rules, one nft rule per rule and family, each with its name as comment. */
    public static final String RULES_CHAIN = "mwan3_rules";

    public int iifPref(int id) {
        return IIF_BASE + id;
    }

    public int fwmarkPref(int id) {
        return FWMARK_BASE + id;
    }

    public int unreachablePref(int id) {
        return UNREACHABLE_BASE + id;
    }

    public int blackholePref() {
        return FWMARK_BASE + (int) mask.mmBlackhole();
    }

    public int unreachableMarkPref() {
        return FWMARK_BASE + (int) mask.mmUnreachable();
    }

    /**
     * Whether {@code rule} has exactly the shape mwan3 gives its rules under this mask: pref, selector,
     * mark/mask and target together ({@code 1000+id iif DEV lookup id}, {@code 2000+id fwmark
     * id2mask(id)/mask lookup id}, {@code 3000+id fwmark id2mask(id)/mask unreachable}, and the blackhole
     * and unreachable mark rules), for any id the mask allows. What is ours in the kernel when no
     * journal says more; a rule that differs in any part is someone else's, whatever its pref.
     */
    public boolean isMwan3Rule(IpRule rule) {
        long m = mask.mask();
        int offset = rule.pref() % 1000;
        int base = rule.pref() - offset;
        boolean anId = offset >= 1 && offset <= mask.interfaceMax();
        if (rule.iif() != null) {
            return base == IIF_BASE && anId && rule.action() == IpRule.Action.LOOKUP && rule.table() == offset
                    && DeviceName.valid(rule.iif());
        }
        if (rule.mask() != m) {
            return false;
        }
        if (base == FWMARK_BASE && anId) {
            return rule.fwmark() == mask.id2mask(offset) && rule.action() == IpRule.Action.LOOKUP
                    && rule.table() == offset;
        }
        if (base == UNREACHABLE_BASE && anId) {
            return rule.fwmark() == mask.id2mask(offset) && rule.action() == IpRule.Action.UNREACHABLE;
        }
        return rule.pref() == blackholePref() && rule.fwmark() == mask.blackholeMark()
                && rule.action() == IpRule.Action.BLACKHOLE
                || rule.pref() == unreachableMarkPref() && rule.fwmark() == mask.unreachableMark()
                && rule.action() == IpRule.Action.UNREACHABLE;
    }

    /** Chain that sets mark {@code value} (an id, or a special mark value) keeping bits outside the mask. */
    public String markChain(long value) {
        return "mwan3_mark_" + markName(value);
    }

    /** Chain that saves mark {@code value} into the connection mark keeping bits outside the mask. */
    public String saveChain(long value) {
        return "mwan3_save_" + markName(value);
    }

    private String markName(long value) {
        if (value == mask.mmDefault()) {
            return "default";
        }
        if (value == mask.mmUnreachable()) {
            return "unreachable";
        }
        if (value == mask.mmBlackhole()) {
            return "blackhole";
        }
        return Long.toString(value);
    }

    public static String policyChain(String policy, Family family) {
        return "mwan3_policy_" + ident(policy) + "_" + family.uciName();
    }

    public static String stickyChain(String rule, Family family) {
        return "mwan3_rule_" + ident(rule) + "_" + family.uciName();
    }

    public static String stickySet(String rule, String iface, Family family) {
        return "mwan3_sticky_" + family.uciName() + "_" + ident(rule) + "_" + ident(iface);
    }

    /**
     * The named counter of an interface's traffic: {@code mwan3_out_<iface>} counts packets leaving by
     * its device on connections it carries, {@code mwan3_reply_<iface>} the replies arriving on it.
     */
    public static String trafficCounter(TrafficDirection direction, String iface) {
        return "mwan3_" + direction.word() + "_" + ident(iface);
    }

    public static String ifaceInChain(String iface) {
        return "mwan3_iface_in_" + ident(iface);
    }

    /**
     * The set a rule's {@code ipset} option names, per family: {@code <name>_v4}, {@code <name>_v6}. The
     * name is used as written (the schema's {@code setname} type admits only nft identifiers), so the
     * set dnsmasq is told to fill is the one the rule reads.
     */
    public static String userSet(String ipset, Family family) {
        return ipset + (family == Family.IPV4 ? "_v4" : "_v6");
    }

    /** Our own destination sets, named like mwan3's ipsets: {@code mwan3_connected_ipv4}, ... */
    public static String destSet(String kind, Family family) {
        return "mwan3_" + kind + "_" + family.uciName();
    }

    /**
     * An nft identifier from a UCI name: a section name as it is (the schema allows only letters,
     * digits and '_'), an anonymous name like {@code @rule[2]} as {@code rule_2}.
     */
    static String ident(String name) {
        if (plainIdent(name)) {
            return name; // the common case, and the traffic sampler's ten times a second: no regex, no copy
        }
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
        }
        String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        return s.isEmpty() ? "x" : s;
    }

    private static boolean plainIdent(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
