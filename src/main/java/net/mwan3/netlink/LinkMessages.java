package net.mwan3.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.mwan3.model.Family;
import net.mwan3.model.LinkInfo;

/**
 * Devices ({@code struct ifinfomsg}) and their addresses ({@code struct ifaddrmsg}) as rtnetlink
 * carries them, read into {@link LinkInfo}: admin state from IFF_UP, carrier from IFF_LOWER_UP,
 * and the addresses that can source traffic (not link or host scope, not tentative, not failed DAD),
 * as {@code ip -j addr show} listed them.
 */
public final class LinkMessages {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_EXT_MASK = 29;
    /** Leaves the per-device counters out of a link dump: a third of its size, none of which we read. */
    private static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_FLAGS = 8;
    private static final int IFA_F_DADFAILED = 0x08;
    private static final int IFA_F_TENTATIVE = 0x40;
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOWER_UP = 0x10000;
    private static final int IFINFOMSG = 16;
    private static final int IFADDRMSG = 8;

    /** One device: its kernel index, name and flags. */
    public record Link(int index, String name, boolean adminUp, boolean carrier) {
    }

    /** One address of a device, {@code usable} when it can source traffic. */
    public record Address(int index, Family family, String address, boolean usable) {
    }

    private LinkMessages() {
    }

    public static byte[] dumpLinks() {
        return NlWriter.header(RTM_GETLINK, NlMessage.F_DUMP).putByte(0).putByte(0).putShort(0).putInt(0).putInt(0)
                .putInt(0).attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS).toBytes();
    }

    public static byte[] dumpAddresses() {
        return NlWriter.header(RTM_GETADDR, NlMessage.F_DUMP).putByte(0).putByte(0).putByte(0).putByte(0).putInt(0)
                .toBytes();
    }

    public static Link link(NlMessage m) {
        ByteBuffer b = m.body();
        if (b.remaining() < IFINFOMSG) {
            throw new NetlinkFormatException("ifinfomsg of " + b.remaining() + " bytes");
        }
        int flags = b.getInt(8);
        NlAttrs a = NlAttrs.parse(b, IFINFOMSG);
        return new Link(b.getInt(4), a.has(IFLA_IFNAME) ? a.string(IFLA_IFNAME) : "if" + b.getInt(4),
                (flags & IFF_UP) != 0, (flags & IFF_LOWER_UP) != 0);
    }

    /** One address; null for a family other than IPv4 and IPv6. */
    public static Address address(NlMessage m) {
        ByteBuffer b = m.body();
        if (b.remaining() < IFADDRMSG) {
            throw new NetlinkFormatException("ifaddrmsg of " + b.remaining() + " bytes");
        }
        Family family = RouteMessages.family(b.get(0));
        NlAttrs a = NlAttrs.parse(b, IFADDRMSG);
        int local = a.has(IFA_LOCAL) ? IFA_LOCAL : IFA_ADDRESS;
        if (family == null || !a.has(local)) {
            return null;
        }
        int flags = a.has(IFA_FLAGS) ? (int) a.u32(IFA_FLAGS) : b.get(2) & 0xff;
        int scope = b.get(3) & 0xff;
        boolean usable = scope != RtNames.RT_SCOPE_LINK && scope != RtNames.RT_SCOPE_HOST
                && (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) == 0;
        return new Address(b.getInt(4), family, RouteMessages.address(a.bytes(local)), usable);
    }

    /** Every device by name, in index order, with its usable addresses per family. */
    public static Map<String, LinkInfo> linkInfos(List<Link> links, List<Address> addresses) {
        Map<String, LinkInfo> out = new LinkedHashMap<>();
        for (Link l : links.stream().sorted(java.util.Comparator.comparingInt(Link::index)).toList()) {
            List<String> v4 = new ArrayList<>();
            List<String> v6 = new ArrayList<>();
            addresses.stream().filter(a -> a.index() == l.index() && a.usable())
                    .forEach(a -> (a.family() == Family.IPV4 ? v4 : v6).add(a.address()));
            out.put(l.name(), new LinkInfo(l.name(), l.adminUp(), l.carrier(), v4, v6));
        }
        return out;
    }
}
