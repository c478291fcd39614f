package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.mwan3.model.Family;
import net.mwan3.model.LinkInfo;
import net.mwan3.netlink.LinkMessages;
import net.mwan3.netlink.NetlinkFormatException;
import net.mwan3.netlink.NlMessage;
import net.mwan3.netlink.ParsedRule;
import net.mwan3.netlink.RouteMessages;
import net.mwan3.netlink.RuleMessages;
import net.mwan3.plan.Route;
import net.mwan3.sys.LibC;
import net.mwan3.sys.NetlinkException;
import net.mwan3.sys.NetlinkSocket;

/**
 * The kernel's routing state over one rtnetlink request socket, in the network namespace of the
 * thread that opened it: dumps of devices, addresses, routes and rules, and batches of rule and
 * route changes, each acknowledged on its own. Routes name devices by index; the names come from
 * the latest device dump, redone when it is older than a reconcile or an index is unknown.
 */
public final class Rtnetlink implements LinkReader, AutoCloseable {
    /** A device dump this recent still names the devices of the routes read after it. */
    private static final long NAMES_FRESH_NANOS = 250_000_000L;
    private final NetlinkSocket socket;
    // Guarded by this
    private Map<Integer, String> names = Map.of();
    // Guarded by this
    private Map<String, Integer> indexes = Map.of();
    // Guarded by this
    private long namesAt;
    // Guarded by this
    private long changesSent;

    private Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens the socket in the calling thread's network namespace. */
    public static Rtnetlink open() {
        try {
            return new Rtnetlink(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0, 0));
        } catch (NetlinkException e) {
            throw new KernelException("rtnetlink", e);
        }
    }

    /** This socket's port id: the kernel's notifications of our own changes carry it. */
    public int portid() {
        return socket.portid();
    }

    /** Devices and their usable addresses, as {@code ip -j addr show} listed them. */
    @Override
    public synchronized Map<String, LinkInfo> read() {
        List<LinkMessages.Link> links = links();
        List<NlMessage> dumped = dump("address dump", LinkMessages.dumpAddresses());
        List<LinkMessages.Address> addresses = decode("address dump", () -> dumped.stream()
                .filter(m -> m.type() == LinkMessages.RTM_NEWADDR).map(LinkMessages::address).filter(Objects::nonNull)
                .toList());
        return LinkMessages.linkInfos(links, addresses);
    }

    /** Every route of {@code family} in every table ({@code ip route show table all}). */
    public synchronized List<Route> routes(Family family) {
        if (System.nanoTime() - namesAt > NAMES_FRESH_NANOS) {
            links();
        }
        List<NlMessage> dumped = dump("route dump", RouteMessages.dump(family));
        boolean[] unknown = {false};
        List<Route> out = decode("route dump", () -> parseRoutes(dumped, i -> {
            String name = names.get(i);
            unknown[0] |= name == null;
            return name == null ? "if" + i : name;
        }));
        if (unknown[0]) {
            links();
            out = decode("route dump", () -> parseRoutes(dumped, i -> names.getOrDefault(i, "if" + i)));
        }
        return out;
    }

    private static List<Route> parseRoutes(List<NlMessage> dumped, java.util.function.IntFunction<String> devices) {
        return dumped.stream().filter(m -> m.type() == RouteMessages.RTM_NEWROUTE)
                .map(m -> RouteMessages.parse(m, devices)).filter(Objects::nonNull).toList();
    }

    /** Every rule of {@code family}. */
    public synchronized List<ParsedRule> rules(Family family) {
        List<NlMessage> dumped = dump("rule dump", RuleMessages.dump(family));
        return decode("rule dump", () -> dumped.stream().filter(m -> m.type() == RuleMessages.RTM_NEWRULE)
                .map(RuleMessages::parse).filter(Objects::nonNull).toList());
    }

    /** One change: the request, and the {@code ip} command it stands for (for errors and logs). */
    record Change(String command, byte[] request) {
    }

    /** The kernel's index of device {@code name}, or -1 (names as of the latest device dump). */
    synchronized int index(String name) {
        return indexes.getOrDefault(name, -1);
    }

    /** Sends {@code changes} as one batch, in order; returns one failure per refused change. */
    synchronized List<KernelException> apply(List<Change> changes) {
        List<KernelException> failures = new ArrayList<>();
        if (changes.isEmpty()) {
            return failures;
        }
        List<NetlinkSocket.Ack> acks;
        try {
            acks = socket.transact(changes.stream().map(Change::request).toList());
        } catch (NetlinkException e) {
            failures.add(new KernelException("sending " + changes.size() + " rule/route change(s)", e));
            return failures;
        }
        changesSent += changes.size();
        for (int i = 0; i < changes.size(); i++) {
            NetlinkSocket.Ack a = acks.get(i);
            if (!a.ok()) {
                failures.add(new KernelException(changes.get(i).command(), a.errno(), "RTNETLINK answers: "
                        + LibC.INSTANCE.strerror(a.errno()) + (a.extAck() == null ? "" : " (" + a.extAck() + ")")));
            }
        }
        return failures;
    }

    /** Rule and route changes sent so far, refused ones included. */
    synchronized long changesSent() {
        return changesSent;
    }

    private List<LinkMessages.Link> links() {
        List<NlMessage> dumped = dump("device dump", LinkMessages.dumpLinks());
        List<LinkMessages.Link> links = decode("device dump", () -> dumped.stream()
                .filter(m -> m.type() == LinkMessages.RTM_NEWLINK).map(LinkMessages::link).toList());
        Map<Integer, String> n = new HashMap<>();
        Map<String, Integer> ix = new HashMap<>();
        links.forEach(l -> {
            n.put(l.index(), l.name());
            ix.put(l.name(), l.index());
        });
        names = n;
        indexes = ix;
        namesAt = System.nanoTime();
        return links;
    }

    private List<NlMessage> dump(String what, byte[] request) {
        try {
            return socket.dump(request);
        } catch (NetlinkException e) {
            throw new KernelException("rtnetlink " + what, e);
        } catch (NetlinkFormatException e) {
            throw new KernelException("rtnetlink " + what + ": " + e.getMessage());
        }
    }

    /** Decodes what a dump returned; bytes that are not what they claim fail the read, not the daemon. */
    private static <T> T decode(String what, java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (NetlinkFormatException e) {
            throw new KernelException("rtnetlink " + what + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
