package net.mwan3.ubus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.json.JsonObject;
import net.mwan3.ubus.wire.Attr;
import net.mwan3.ubus.wire.Attrs;
import net.mwan3.ubus.wire.BlobFormatException;
import net.mwan3.ubus.wire.Blobmsg;
import net.mwan3.ubus.wire.Bodies;
import net.mwan3.ubus.wire.Message;
import net.mwan3.ubus.wire.MsgType;
import net.mwan3.ubus.wire.UbusStatus;

/**
 * One connection's ubus protocol, driven by the ubus thread: the hello, registering the served
 * objects (retried while another client holds the name) and one anonymous listener object, our
 * requests matched to their replies by sequence number (with a deadline), and invocations of our
 * objects answered at once. Nothing a peer sends can make it wait.
 */
public final class Session {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final long REQUEST_TIMEOUT_NS = 5_000_000_000L;
    static final long REGISTER_RETRY_NS = 5_000_000_000L;

    private final Connection connection;
    private final List<UbusObject> objects;
    private final Listener listener;
    private boolean hello;
    private int seq;
    private int listenerId;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<Integer, UbusObject> served = new HashMap<>();
    /** Objects not registered yet, with when to try again (nanoTime); null while a registration is under way. */
    private final Map<UbusObject, Long> unregistered = new HashMap<>();
    private final Set<String> warnedTaken = new HashSet<>();
    /**
     * Encoded replies by answer tree (an object may hand out the same immutable tree again, see
     * StatusObject), so a burst of calls encodes once; one object, one id, so the tree is the key.
     */
    private final Map<JsonObject, byte[]> encoded = new IdentityHashMap<>();

    /** What to do with the replies to one of our requests. */
    private record Pending(Consumer<Attrs> data, IntConsumer done, long deadline) {
    }

    Session(Connection connection, List<UbusObject> objects, Listener listener) {
        this.connection = connection;
        this.objects = objects;
        this.listener = listener;
    }

    boolean registered() {
        return hello && unregistered.isEmpty() && served.size() == objects.size();
    }

    boolean helloSeen() {
        return hello;
    }

    /** One frame from ubusd. */
    void handle(Message m, long now) throws IOException {
        MsgType type = m.type();
        if (!hello) {
            if (type != MsgType.HELLO) {
                throw new IOException("ubusd did not start with a hello (" + m + ")");
            }
            hello = true;
            objects.forEach(o -> unregistered.put(o, now));
            registerPending(now);
            if (listener != null) {
                request(MsgType.ADD_OBJECT, Bodies.addObject(null, List.of()), a -> {
                    Integer id = a.u32(Attr.OBJID);
                    if (id != null) {
                        listenerId = id;
                    }
                }, status -> {
                    if (status == 0 && listenerId != 0) {
                        listener.connected(this);
                    }
                }, now);
            }
            return;
        }
        if (type == null) {
            LOG.fine(() -> "ubus: ignoring " + m);
            return;
        }
        switch (type) {
            case DATA, STATUS -> reply(m);
            case INVOKE -> invoked(m);
            default -> LOG.fine(() -> "ubus: ignoring " + m);
        }
    }

    private void reply(Message m) {
        Pending p = pending.get(m.seq());
        if (p == null) {
            return;
        }
        Attrs a = m.attrs();
        if (m.type() == MsgType.DATA) {
            p.data().accept(a);
            return;
        }
        pending.remove(m.seq());
        Integer status = a.u32(Attr.STATUS);
        p.done().accept(status == null ? UbusStatus.INVALID_ARGUMENT.code() : status);
    }

    private void invoked(Message m) throws IOException {
        Attrs a = m.attrs();
        Integer objid = a.u32(Attr.OBJID);
        if (objid == null) {
            return;
        }
        boolean noReply = Integer.valueOf(1).equals(a.u8(Attr.NO_REPLY));
        String method = a.string(Attr.METHOD);
        JsonObject args = null;
        UbusStatus status;
        if (method == null || !a.has(Attr.DATA)) {
            status = UbusStatus.INVALID_ARGUMENT;
        } else {
            try {
                args = Blobmsg.readTable(a.get(Attr.DATA));
                status = UbusStatus.OK;
            } catch (BlobFormatException e) {
                status = UbusStatus.INVALID_ARGUMENT;
            }
        }
        UbusObject obj = served.get(objid);
        if (objid == listenerId && listenerId != 0) {
            if (status == UbusStatus.OK) {
                listener.received(this, method, args);
            }
        } else if (obj == null) {
            status = UbusStatus.NOT_FOUND;
        } else if (status == UbusStatus.OK) {
            status = answer(m, obj, objid, method, args, noReply);
        }
        if (!noReply) {
            connection.send(Message.of(MsgType.STATUS, m.seq(), m.peer(), Bodies.status(status, objid)));
        }
    }

    /** Calls the object and sends its data; returns the status that ends the reply. */
    private UbusStatus answer(Message m, UbusObject obj, int objid, String method, JsonObject args, boolean noReply)
            throws IOException {
        UbusObject.Answer answer;
        try {
            answer = obj.call(method, args);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ubus: " + obj.path() + " " + method + " failed", e);
            return UbusStatus.UNKNOWN_ERROR;
        }
        if (answer.data() != null && !noReply) {
            if (encoded.size() >= 16 && !encoded.containsKey(answer.data())) {
                encoded.clear();
            }
            byte[] body = encoded.computeIfAbsent(answer.data(), d -> Bodies.reply(objid, d));
            if (body.length > Message.MAX_BODY) {
                LOG.warning(() -> "ubus: " + obj.path() + " " + method + " answer of " + body.length
                        + " bytes exceeds ubus's limit");
                return UbusStatus.UNKNOWN_ERROR;
            }
            connection.send(Message.of(MsgType.DATA, m.seq(), m.peer(), body));
        }
        return answer.status();
    }

    private void registerPending(long now) throws IOException {
        for (Iterator<Map.Entry<UbusObject, Long>> it = unregistered.entrySet().iterator(); it.hasNext();) {
            Map.Entry<UbusObject, Long> e = it.next();
            if (e.getValue() == null || now - e.getValue() < 0) {
                continue;
            }
            UbusObject o = e.getKey();
            e.setValue(null);
            int[] id = new int[1];
            request(MsgType.ADD_OBJECT, Bodies.addObject(o.path(), o.methods()), a -> {
                Integer got = a.u32(Attr.OBJID);
                if (got != null) {
                    id[0] = got;
                }
            }, status -> registered(o, status, id[0]), now);
        }
    }

    private void registered(UbusObject o, int status, int id) {
        if (status == 0 && id != 0) {
            unregistered.remove(o);
            served.put(id, o);
            LOG.info(() -> "ubus: serving object " + o.path());
            return;
        }
        unregistered.put(o, System.nanoTime() + REGISTER_RETRY_NS);
        if (warnedTaken.add(o.path())) {
            LOG.warning(() -> "ubus: cannot register object " + o.path() + " (status " + status
                    + "; another program, e.g. the shell mwan3's rpcd plugin, holds the name): retrying every "
                    + REGISTER_RETRY_NS / 1_000_000_000L + " s");
        }
    }

    /** About once a second: expire requests that got no answer, retry registrations, let the listener work. */
    void tick(long now) throws IOException {
        List<Pending> expired = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            Pending p = it.next();
            if (now - p.deadline() > 0) {
                it.remove();
                expired.add(p);
            }
        }
        expired.forEach(p -> p.done().accept(UbusStatus.TIMEOUT.code()));
        registerPending(now);
        if (listener != null && listenerId != 0) {
            listener.tick(this, now);
        }
    }

    private void request(MsgType type, byte[] body, Consumer<Attrs> data, IntConsumer done, long now)
            throws IOException {
        do {
            seq = (seq + 1) & 0xffff;
        } while (seq == 0 || pending.containsKey(seq));
        pending.put(seq, new Pending(data, done, now + REQUEST_TIMEOUT_NS));
        connection.send(Message.of(type, seq, 0, body));
    }

    /** Calls {@code method} of object {@code objid}; {@code data} gets each DATA reply, {@code done} the status. */
    public void call(int objid, String method, JsonObject args, Consumer<JsonObject> data, IntConsumer done)
            throws IOException {
        request(MsgType.INVOKE, Bodies.invoke(objid, method, args == null ? new JsonObject() : args),
                a -> {
                    if (a.has(Attr.DATA)) {
                        try {
                            data.accept(Blobmsg.readTable(a.get(Attr.DATA)));
                        } catch (BlobFormatException e) {
                            LOG.fine(() -> "ubus: malformed reply to " + method + ": " + e.getMessage());
                        }
                    }
                }, done, System.nanoTime());
    }

    /** Looks up an object's id; {@code found} gets it, or 0 when there is no such object. */
    public void lookup(String path, IntConsumer found) throws IOException {
        int[] id = new int[1];
        request(MsgType.LOOKUP, Bodies.lookup(path), a -> {
            Integer got = a.u32(Attr.OBJID);
            if (got != null && path.equals(a.string(Attr.OBJPATH))) {
                id[0] = got;
            }
        }, status -> found.accept(status == 0 ? id[0] : 0), System.nanoTime());
    }

    /** Registers the listener object for events matching {@code pattern} (a trailing {@code *} matches a prefix). */
    public void listen(String pattern) throws IOException {
        request(MsgType.INVOKE, Bodies.registerEvent(pattern, listenerId), a -> { }, status -> {
            if (status != 0) {
                LOG.warning(() -> "ubus: cannot listen for " + pattern + " events (status " + status + ")");
            }
        }, System.nanoTime());
    }

    /** Subscribes the listener object to {@code target}'s notifications. */
    public void subscribe(int target, IntConsumer done) throws IOException {
        request(MsgType.SUBSCRIBE, Bodies.subscribe(listenerId, target), a -> { }, done, System.nanoTime());
    }
}
