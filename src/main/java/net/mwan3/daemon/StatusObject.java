package net.mwan3.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonString;
import net.mwan3.json.JsonValue;
import net.mwan3.status.JsonRenderer;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.ubus.UbusObject;
import net.mwan3.ubus.wire.BlobmsgType;
import net.mwan3.ubus.wire.Method;
import net.mwan3.ubus.wire.UbusStatus;

/**
 * The ubus object {@code mwan3}, served by mwan3d itself: {@code status} with the arguments of mwan3's
 * rpcd plugin ({@code section}: interfaces, connected or policies, anything else all three;
 * {@code interface}: only that interface), answered from the published snapshot with the tree
 * {@code mwan3 status --json} prints. No process is started and the main thread is not asked. Trees
 * are kept per snapshot (never changed once built), so a burst of calls, or a peer flooding the
 * object, costs one rendering per question and snapshot.
 */
final class StatusObject implements UbusObject {
    static final List<String> SECTIONS = List.of("interfaces", "connected", "policies");
    private static final List<Method> METHODS = List.of(new Method("status", statusArgs()));

    /** Distinct (section, interface) answers kept per snapshot; a peer asking for many names only empties it. */
    private static final int CACHED = 32;
    private final Supplier<StatusSnapshot> status;
    // Touched by the ubus thread only.
    private StatusSnapshot cachedFor;
    private final Map<String, JsonObject> cache = new java.util.HashMap<>();

    StatusObject(Supplier<StatusSnapshot> status) {
        this.status = status;
    }

    private static Map<String, BlobmsgType> statusArgs() {
        Map<String, BlobmsgType> args = new LinkedHashMap<>();
        args.put("section", BlobmsgType.STRING);
        args.put("interface", BlobmsgType.STRING);
        return args;
    }

    @Override
    public String path() {
        return "mwan3";
    }

    @Override
    public List<Method> methods() {
        return METHODS;
    }

    @Override
    public Answer call(String method, JsonObject args) {
        if (!method.equals("status")) {
            return Answer.error(UbusStatus.METHOD_NOT_FOUND);
        }
        String arg = text(args.get("section"));
        String section = arg != null && SECTIONS.contains(arg) ? arg : null;
        String iface = text(args.get("interface"));
        StatusSnapshot s = status.get();
        if (s != cachedFor || cache.size() >= CACHED) {
            cache.clear();
            cachedFor = s;
        }
        return Answer.of(cache.computeIfAbsent(section + "\u0000" + iface, k -> JsonRenderer.tree(s, section, iface)));
    }

    /** A string argument; anything else counts as absent, as blobmsg_parse with a policy would have it. */
    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.value() : null;
    }
}
