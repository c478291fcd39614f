package net.mwan3.ubus.wire;

/**
 * The ubus attributes of a message body, by id, as ubusd's {@code blob_parse_untrusted} with its
 * policy reads them: the last of each id wins, and a typed getter answers null where the attribute
 * is absent or has the wrong size or termination.
 */
public final class Attrs {
    private final Blob[] byId = new Blob[Attr.values().length];

    private Attrs() {
    }

    /** Reads the attributes directly inside {@code body} (the head attribute); unknown ids are ignored. */
    public static Attrs parse(Blob body) {
        Attrs a = new Attrs();
        for (Blob b : body.children()) {
            if (b.id() < a.byId.length) {
                a.byId[b.id()] = b;
            }
        }
        return a;
    }

    public Blob get(Attr attr) {
        return byId[attr.id()];
    }

    public boolean has(Attr attr) {
        return byId[attr.id()] != null;
    }

    /** A 32-bit attribute (ids, status), or null. */
    public Integer u32(Attr attr) {
        Blob b = byId[attr.id()];
        return b == null || b.dataLen() != 4 ? null : b.u32(0);
    }

    /** An 8-bit attribute (flags), or null. */
    public Integer u8(Attr attr) {
        Blob b = byId[attr.id()];
        return b == null || b.dataLen() != 1 ? null : b.u8(0);
    }

    /** A NUL-terminated string attribute, or null. */
    public String string(Attr attr) {
        Blob b = byId[attr.id()];
        return b == null ? null : b.cString(0, b.dataLen());
    }
}
