package net.mwan3.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.model.NetifdInterface;

/**
 * netifd's word on the interfaces (main thread only): its dump over ubus while it is followed
 * there, else the last dump as updated by hotplug.d events. An interface netifd knows is "up" by
 * netifd; any other by its device. While followed, a marker file tells the hotplug.d hook to
 * forward nothing.
 */
final class NetifdView {
    private static final Logger LOG = Logger.getLogger("mwan3d");

    private Map<String, NetifdInterface> view = Map.of();
    private Instant at;
    private boolean followed;
    /** The marker's path (in the state dir), null where none is kept (tests). */
    volatile Path marker;

    NetifdInterface get(String name) {
        return view.get(name);
    }

    boolean followed() {
        return followed;
    }

    boolean empty() {
        return view.isEmpty();
    }

    /** A fresh dump over ubus; returns the interfaces netifd brought up since the last one. */
    Set<String> follow(Map<String, NetifdInterface> next, Instant now) {
        Set<String> cameUp = new TreeSet<>();
        next.forEach((name, n) -> {
            NetifdInterface before = view.get(name);
            if (n.up() && before != null && !before.up()) {
                cameUp.add(name);
            }
        });
        view = next;
        at = now;
        if (!followed) {
            followed = true;
            marker(true);
            LOG.info(() -> "following netifd over ubus (" + next.size() + " interfaces)");
        }
        return cameUp;
    }

    /** ubus is gone: the last view stays; netifd's events now come through hotplug.d. */
    void lost() {
        if (followed) {
            followed = false;
            marker(false);
            LOG.info("ubus lost: netifd's events come through hotplug.d until it is back");
        }
    }

    /** A hotplug.d event taken as netifd's word (only while netifd is not followed over ubus). */
    void hotplug(String action, String name, String device) {
        if (followed) {
            return;
        }
        NetifdInterface before = view.get(name);
        NetifdInterface next = switch (action) {
            case "ifdown" -> new NetifdInterface(name, false, null, 0, List.of(), List.of(), List.of());
            case "ifup", "ifupdate" -> device == null || device.isEmpty() ? before
                    : new NetifdInterface(name, true, device, 0, List.of(), List.of(), List.of());
            default -> before;
        };
        if (next != null && !next.equals(before)) {
            Map<String, NetifdInterface> m = new LinkedHashMap<>(view);
            m.put(name, next);
            view = Collections.unmodifiableMap(m);
        }
    }

    /** When netifd says the interface came up (its uptime), while followed over ubus; else null. */
    Instant upSince(NetifdInterface n) {
        return n != null && followed && at != null ? at.minusSeconds(n.uptimeSeconds()) : null;
    }

    /** The daemon is stopping: the hook must forward again. */
    void close() {
        marker(false);
    }

    private void marker(boolean present) {
        Path m = marker;
        if (m == null) {
            return;
        }
        try {
            if (present) {
                Files.writeString(m, "mwan3d follows netifd over ubus\n");
            } else {
                Files.deleteIfExists(m);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot update {0}: {1}", new Object[] {m, e.getMessage()});
        }
    }
}
