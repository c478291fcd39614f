package net.mwan3.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.model.LinkInfo;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/**
 * The codec against the real kernel's bytes, recorded once with {@code record.sh} (strace of
 * iproute2 and conntrack-tools in a namespace: lo, eth1 = index 3 with 198.51.100.2/26 and
 * 2001:db8:1::2/64, its veth peer p1, mwan3-shaped rules at 1001/2001/3001 and a foreign one at
 * 1500, routes in main, table 1 and table 100, two conntrack entries marked 0x100 and 0x200).
 */
class NetlinkRecordingsTest {
    private static final Map<Integer, String> DEVICES = Map.of(1, "lo", 2, "p1", 3, "eth1");

    @Test
    void ruleDumpReadsOurShapesAndLeavesOthersStrays() {
        List<ParsedRule> rules = Recording.messages("rules-v4").stream().filter(m -> m.type() == RuleMessages.RTM_NEWRULE)
                .map(RuleMessages::parse).toList();
        assertEquals(List.of(0, 1001, 1500, 2001, 3001, 32766, 32767), rules.stream().map(ParsedRule::pref).toList());
        assertEquals(IpRule.iif(Family.IPV4, 1001, "eth1", 1), rules.get(1).rule());
        assertEquals(IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1), rules.get(3).rule());
        assertEquals(IpRule.fwmark(Family.IPV4, 3001, 0x100, 0x3f00, IpRule.Action.UNREACHABLE, 0), rules.get(4).rule());
        assertFalse(rules.get(2).recognised(), "a source selector is not a shape of ours");
        assertEquals("pref 1500 from 192.0.2.0/24 lookup 100", rules.get(2).text());
        assertFalse(rules.get(0).recognised(), "lookup local without a selector");
        assertEquals(NlMessage.DONE, last("rules-v4").type());
    }

    @Test
    void ruleRequestsAreWhatIproute2Sends() {
        assertArrayEquals(withoutSeq(Recording.datagrams("rules-v4.sent").get(0)), RuleMessages.dump(Family.IPV4));
        NlMessage ipAdd = Recording.messages("rule-exists.sent").get(0);
        IpRule rule = IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1);
        assertEquals(rule, RuleMessages.parse(ipAdd).rule());
        NlMessage ours = parseOne(RuleMessages.add(rule));
        assertEquals(ipAdd.type(), ours.type());
        assertEquals(ipAdd.flags(), ours.flags(), "request, ack, create, exclusive");
        assertEquals(rule, RuleMessages.parse(ours).rule());
        assertEquals(rule, RuleMessages.parse(parseOne(RuleMessages.delete(rule))).rule());
    }

    @Test
    void refusedRequestCarriesItsErrnoAndTheKernelsWords() {
        NlMessage exists = Recording.messages("rule-exists").get(0);
        assertTrue(exists.isError());
        assertEquals(17, exists.errno());
        assertNull(exists.extAck());
        NlMessage badGateway = Recording.messages("route-bad-gateway").get(0);
        assertEquals(101, badGateway.errno());
        assertEquals("Nexthop has invalid gateway", badGateway.extAck());
    }

    @Test
    void ipv4RoutesReadAsIpJsonShowedThem() {
        List<Route> routes = routes("routes-v4");
        assertTrue(routes.contains(v4(Route.MAIN, "unicast", "default", "198.51.100.1", "eth1", null, null, null, 10)));
        assertTrue(routes.contains(v4(Route.MAIN, "unicast", "198.51.100.0/26", null, "eth1", "kernel", "link",
                "198.51.100.2", null)));
        assertTrue(routes.contains(v4(1, "unicast", "default", "198.51.100.1", "eth1", "static", null, null, null)));
        assertTrue(routes.contains(v4(100, "unreachable", "203.0.113.0/24", null, null, null, null, null, null)));
        assertTrue(routes.contains(v4(Route.LOCAL, "local", "198.51.100.2", null, "eth1", "kernel", "host",
                "198.51.100.2", null)), "a host route has no /32");
        assertTrue(routes.contains(v4(Route.LOCAL, "broadcast", "198.51.100.63", null, "eth1", "kernel", "link",
                "198.51.100.2", null)));
        assertEquals(9, routes.size());
    }

    @Test
    void ipv6RoutesReadWithTheirMetrics() {
        List<Route> routes = routes("routes-v6");
        assertTrue(routes.contains(new Route(Family.IPV6, Route.MAIN, "unicast", "default", "2001:db8:1::1", "eth1",
                null, null, null, 10)));
        assertTrue(routes.contains(new Route(Family.IPV6, Route.MAIN, "unicast", "2001:db8:1::/64", null, "eth1",
                "kernel", null, null, 256)));
        assertTrue(routes.contains(new Route(Family.IPV6, Route.LOCAL, "multicast", "ff00::/8", null, "eth1",
                "kernel", null, null, 256)));
        assertTrue(routes.contains(new Route(Family.IPV6, Route.LOCAL, "local", "2001:db8:1::2", null, "eth1",
                "kernel", null, null, 0)));
    }

    @Test
    void routesWeWriteReadBackEqual() {
        for (Route r : routes("routes-v4")) {
            assertEquals(r, RouteMessages.parse(parseOne(RouteMessages.replace(r, this::index)), DEVICES::get), r.toString());
            assertEquals(r.inTable(7), RouteMessages.parse(parseOne(RouteMessages.replace(r.inTable(7), this::index)),
                    DEVICES::get));
        }
        for (Route r : routes("routes-v6")) {
            assertEquals(r, RouteMessages.parse(parseOne(RouteMessages.replace(r, this::index)), DEVICES::get), r.toString());
        }
        Route bare = v4(1, null, "192.0.2.0/24", null, "eth1", null, null, null, null);
        Route shown = RouteMessages.parse(parseOne(RouteMessages.replace(bare, this::index)), DEVICES::get);
        assertEquals("link", shown.scope(), "ip route replace gives a gateway-less route scope link");
        assertEquals(null, shown.proto(), "and protocol boot, which iproute2 does not show");
    }

    @Test
    void devicesAndUsableAddresses() {
        List<NlMessage> all = Recording.messages("addresses");
        Map<String, LinkInfo> links = LinkMessages.linkInfos(
                all.stream().filter(m -> m.type() == LinkMessages.RTM_NEWLINK).map(LinkMessages::link).toList(),
                all.stream().filter(m -> m.type() == LinkMessages.RTM_NEWADDR).map(LinkMessages::address)
                        .filter(Objects::nonNull).toList());
        assertEquals(List.of("lo", "p1", "eth1"), List.copyOf(links.keySet()));
        assertEquals(new LinkInfo("eth1", true, true, List.of("198.51.100.2"), List.of("2001:db8:1::2")), links.get("eth1"));
        assertEquals(new LinkInfo("lo", true, true, List.of(), List.of()), links.get("lo"), "host scope does not count");
        assertEquals(new LinkInfo("p1", true, true, List.of(), List.of()), links.get("p1"), "link-local does not count");
    }

    @Test
    void conntrackDumpByMarkAndDeleteOfExactlyThatEntry() {
        NlMessage ask = Recording.messages("conntrack-mark.sent").get(0);
        NlMessage ours = parseOne(ConntrackMessages.dumpByMark(0x100, 0x3f00));
        assertEquals(ask.type(), ours.type());
        assertEquals(ask.flags(), ours.flags());
        assertEquals(attrs(ask), attrs(ours), "the same CTA_MARK and CTA_MARK_MASK, in network order");

        List<ConntrackMessages.Entry> entries = Recording.messages("conntrack-mark").stream()
                .map(ConntrackMessages::entry).filter(Objects::nonNull).toList();
        assertEquals(1, entries.size(), "the kernel filtered by mark: only 0x100 of 0x100 and 0x200");
        ConntrackMessages.Entry e = entries.get(0);
        assertEquals(0x100, e.mark());
        assertEquals(2, e.family());
        NlMessage delete = parseOne(ConntrackMessages.delete(e));
        assertEquals(0x102, delete.type());
        NlAttrs a = NlAttrs.parse(delete.body(), 4);
        assertArrayEquals(e.tupleOrig(), a.bytes(1), "the original tuple, byte for byte");
        assertEquals(e.id(), a.u32be(12));
    }

    private int index(String dev) {
        return DEVICES.entrySet().stream().filter(x -> x.getValue().equals(dev)).map(Map.Entry::getKey).findFirst()
                .orElse(-1);
    }

    private static List<Route> routes(String recording) {
        return Recording.messages(recording).stream().filter(m -> m.type() == RouteMessages.RTM_NEWROUTE)
                .map(m -> RouteMessages.parse(m, DEVICES::get)).toList();
    }

    private static Route v4(int table, String type, String dst, String via, String dev, String proto, String scope,
                            String src, Integer metric) {
        return new Route(Family.IPV4, table, type, dst, via, dev, proto, scope, src, metric);
    }

    private static String attrs(NlMessage m) {
        NlAttrs a = NlAttrs.parse(m.body(), 4);
        StringBuilder sb = new StringBuilder();
        a.types().forEach(t -> sb.append(t).append('=').append(Arrays.toString(a.bytes(t))).append(' '));
        return sb.toString();
    }

    private static NlMessage last(String recording) {
        List<NlMessage> all = Recording.messages(recording);
        return all.get(all.size() - 1);
    }

    static NlMessage parseOne(byte[] message) {
        List<NlMessage> ms = NlMessage.parseAll(message, message.length);
        assertEquals(1, ms.size());
        return ms.get(0);
    }

    private static byte[] withoutSeq(byte[] datagram) {
        byte[] b = datagram.clone();
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(8, 0);
        return b;
    }
}
