package net.mwan3.ubus.wire;

import java.util.List;
import java.util.Map;

import net.mwan3.json.JsonObject;

/**
 * The bodies of the messages a ubus client sends, laid out exactly as libubus lays them out (the
 * recorded exchanges in the tests compare them byte for byte).
 */
public final class Bodies {
    /** ubusd's built-in event object: {@code register} and {@code send}. */
    public static final int EVENT_OBJECT = 1;

    private Bodies() {
    }

    /** {@code ubus_add_object}: a named object with its signature; an anonymous one (subscriber, event handler) with neither. */
    public static byte[] addObject(String path, List<Method> methods) {
        BlobWriter w = new BlobWriter();
        if (path != null) {
            w.string(Attr.OBJPATH, path);
            int sig = w.nest(Attr.SIGNATURE);
            for (Method m : methods) {
                int t = w.table(m.name());
                for (Map.Entry<String, BlobmsgType> a : m.args().entrySet()) {
                    w.field(a.getKey(), a.getValue().code());
                }
                w.end(t);
            }
            w.end(sig);
        }
        return w.toBytes();
    }

    /** {@code ubus_lookup} of one path (or every object when null). */
    public static byte[] lookup(String path) {
        BlobWriter w = new BlobWriter();
        if (path != null) {
            w.string(Attr.OBJPATH, path);
        }
        return w.toBytes();
    }

    /** {@code ubus_invoke}: method and arguments for an object id. */
    public static byte[] invoke(int objid, String method, JsonObject args) {
        BlobWriter w = new BlobWriter().u32(Attr.OBJID, objid).string(Attr.METHOD, method);
        data(w, args);
        return w.toBytes();
    }

    /** {@code ubus_register_event_handler}: ubusd's event object gets {@code register} with our object and the pattern. */
    public static byte[] registerEvent(String pattern, int objid) {
        BlobWriter w = new BlobWriter().u32(Attr.OBJID, EVENT_OBJECT).string(Attr.METHOD, "register");
        int d = w.nest(Attr.DATA);
        w.field("object", objid).field("pattern", pattern);
        w.end(d);
        return w.toBytes();
    }

    /** {@code ubus_subscribe}: our subscriber object watches the target object. */
    public static byte[] subscribe(int subscriber, int target) {
        return new BlobWriter().u32(Attr.OBJID, subscriber).u32(Attr.TARGET, target).toBytes();
    }

    /** {@code ubus_send_reply}: one DATA message answering an invocation of our object. */
    public static byte[] reply(int objid, JsonObject data) {
        BlobWriter w = new BlobWriter().u32(Attr.OBJID, objid);
        data(w, data);
        return w.toBytes();
    }

    /** {@code ubus_complete_deferred_request}: the STATUS that ends an invocation of our object. */
    public static byte[] status(UbusStatus status, int objid) {
        return new BlobWriter().u32(Attr.STATUS, status.code()).u32(Attr.OBJID, objid).toBytes();
    }

    private static void data(BlobWriter w, JsonObject fields) {
        int d = w.nest(Attr.DATA);
        if (fields != null) {
            Blobmsg.writeFields(w, fields);
        }
        w.end(d);
    }
}
