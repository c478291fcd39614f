package net.mwan3.ubus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonValue;
import net.mwan3.model.DeviceName;
import net.mwan3.model.IpAddress;
import net.mwan3.model.NetifdInterface;

/**
 * Follows netifd over ubus as mwan3 needs it: listens for the {@code network.interface} events
 * (ifup/ifdown), subscribes to the {@code network.interface} object (its {@code interface.update}
 * and {@code interface.down} notifications also cover address changes), and on each of them, and
 * every {@link #REFRESH_NS} besides, reads {@code network.interface dump} and hands the whole view
 * to the sink. Events only trigger a read (bursts coalesce into one dump in flight and at most one
 * after it), so a lost or repeated event costs nothing. {@code ubus.object.add} of
 * {@code network.interface} (netifd restarted) subscribes again.
 */
public final class NetifdWatch implements Listener {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final String OBJECT = "network.interface";
    static final long REFRESH_NS = 30_000_000_000L;

    /** Where the view goes; called on the ubus thread. */
    public interface Sink {
        /** netifd's interfaces by name, as just read. */
        void netifd(Map<String, NetifdInterface> view);

        /** The ubus session ended: the last view is all there is until the next one. */
        void lost();
    }

    private final Sink sink;
    private int netifd;
    private boolean inFlight;
    private boolean again;
    private long lastRead;

    public NetifdWatch(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void connected(Session s) {
        netifd = 0;
        inFlight = false;
        again = false;
        try {
            s.listen(OBJECT);
            s.listen("ubus.object.add");
            find(s);
        } catch (IOException e) {
            LOG.fine(() -> "ubus: " + e.getMessage());
        }
    }

    private void find(Session s) throws IOException {
        s.lookup(OBJECT, id -> {
            netifd = id;
            if (id == 0) {
                LOG.fine("ubus: no network.interface object (netifd not running)");
                return;
            }
            try {
                s.subscribe(id, status -> {
                    if (status != 0) {
                        LOG.warning(() -> "ubus: cannot subscribe to network.interface (status " + status + ")");
                    }
                });
                read(s);
            } catch (IOException e) {
                LOG.fine(() -> "ubus: " + e.getMessage());
            }
        });
    }

    @Override
    public void received(Session s, String type, JsonObject data) {
        try {
            if (type.equals("ubus.object.add")) {
                if (OBJECT.equals(data.get("path").asText())) {
                    find(s);
                }
            } else if (netifd != 0 && (type.equals(OBJECT) || type.startsWith("interface."))) {
                read(s);
            }
        } catch (IOException e) {
            LOG.fine(() -> "ubus: " + e.getMessage());
        }
    }

    @Override
    public void tick(Session s, long now) {
        if (netifd != 0 && now - lastRead > REFRESH_NS) {
            try {
                read(s);
            } catch (IOException e) {
                LOG.fine(() -> "ubus: " + e.getMessage());
            }
        }
    }

    @Override
    public void lost() {
        netifd = 0;
        sink.lost();
    }

    private void read(Session s) throws IOException {
        if (inFlight) {
            again = true;
            return;
        }
        inFlight = true;
        lastRead = System.nanoTime();
        s.call(netifd, "dump", null, d -> sink.netifd(parse(d)), status -> {
            inFlight = false;
            if (status != 0) {
                LOG.fine(() -> "ubus: network.interface dump failed (status " + status + ")");
            }
            if (again) {
                again = false;
                try {
                    read(s);
                } catch (IOException e) {
                    LOG.fine(() -> "ubus: " + e.getMessage());
                }
            }
        });
    }

    /** {@code network.interface dump}'s answer as interfaces by name. */
    public static Map<String, NetifdInterface> parse(JsonValue dump) {
        Map<String, NetifdInterface> out = new LinkedHashMap<>();
        for (JsonValue i : dump.get("interface").elements()) {
            String name = i.get("interface").asText("");
            if (name.isEmpty()) {
                continue;
            }
            List<String> v4 = addresses(i.get("ipv4-address"));
            List<String> v6 = addresses(i.get("ipv6-address"));
            for (JsonValue p : i.get("ipv6-prefix-assignment").elements()) {
                String local = p.get("local-address").get("address").asText("");
                if (IpAddress.parse(local).isPresent()) {
                    v6.add(local);
                }
            }
            List<String> gateways = new ArrayList<>();
            for (JsonValue r : i.get("route").elements()) {
                if (r.get("mask").asInt(-1) == 0 && IpAddress.parse(r.get("nexthop").asText("")).isPresent()) {
                    gateways.add(r.get("nexthop").asText());
                }
            }
            String given = i.get("l3_device").asText("");
            String l3 = DeviceName.valid(given) ? given : "";
            if (!given.isEmpty() && l3.isEmpty()) {
                LOG.warning(() -> "ubus: netifd's " + printable(name) + " has device " + printable(given)
                        + ", not a name mwan3 accepts: taken as no device");
            }
            out.put(name, new NetifdInterface(name, i.get("up").asBoolean(false), l3.isEmpty() ? null : l3,
                    i.get("uptime").asLong(0), v4, v6, gateways));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> addresses(JsonValue list) {
        List<String> out = new ArrayList<>();
        for (JsonValue a : list.elements()) {
            String s = a.get("address").asText("");
            if (IpAddress.parse(s).isPresent()) { // a literal only: never a name to resolve
                out.add(s);
            }
        }
        return out;
    }

    /** A value from ubus for the log: anything outside printable ASCII as {@code \\uXXXX}, at most 64 characters. */
    private static String printable(String value) {
        StringBuilder sb = new StringBuilder("'");
        value.chars().limit(64).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.append(value.length() > 64 ? "...'" : "'").toString();
    }
}
