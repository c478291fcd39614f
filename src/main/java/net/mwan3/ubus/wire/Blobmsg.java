package net.mwan3.ubus.wire;

import java.util.Map;

import net.mwan3.json.JsonArray;
import net.mwan3.json.JsonBoolean;
import net.mwan3.json.JsonInteger;
import net.mwan3.json.JsonNull;
import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonReal;
import net.mwan3.json.JsonString;
import net.mwan3.json.JsonValue;

/**
 * blobmsg values to and from JSON trees, with the type mapping libubox's JSON code and ucode use:
 * integers as INT32 where they fit and INT64 otherwise, booleans as INT8, null as an UNSPEC field
 * without data. Reading checks every field as {@code blobmsg_check_attr} does (name header within
 * the attribute, names NUL-terminated, exact integer sizes, terminated strings) and bounds the
 * nesting depth, so a hostile message cannot overflow the stack. INT16 reads as a number and is
 * written back, like every integer, as INT32 or INT64; a {@link JsonReal} (also an integer beyond
 * 64 bits) as DOUBLE.
 */
public final class Blobmsg {
    /** Deeper than any status or netifd dump; a 1 MiB message could otherwise nest 100,000 levels. */
    public static final int MAX_DEPTH = 32;

    private Blobmsg() {
    }

    /** The named fields inside {@code container} (a DATA attribute or any blob of table content) as an object. */
    public static JsonObject readTable(Blob container) {
        return table(container, 0, 0);
    }

    /** Writes {@code fields} as the content of the attribute being built (e.g. inside {@link Attr#DATA}). */
    public static void writeFields(BlobWriter w, JsonObject fields) {
        for (Map.Entry<String, JsonValue> e : fields.members().entrySet()) {
            write(w, e.getKey(), e.getValue());
        }
    }

    /** One value under {@code name} (null inside arrays). */
    public static void write(BlobWriter w, String name, JsonValue v) {
        if (v instanceof JsonObject o) {
            int t = w.table(name);
            writeFields(w, o);
            w.end(t);
        } else if (v instanceof JsonArray list) {
            int a = w.array(name);
            for (JsonValue e : list.elements()) {
                write(w, null, e);
            }
            w.end(a);
        } else if (v instanceof JsonBoolean b) {
            w.field(name, b.value());
        } else if (v instanceof JsonInteger i) {
            long n = i.value();
            if (n == (int) n) {
                w.field(name, (int) n);
            } else {
                w.field(name, n);
            }
        } else if (v instanceof JsonReal r) {
            w.fieldDouble(name, r.value());
        } else if (v instanceof JsonString s) {
            w.field(name, s.value());
        } else {
            w.fieldNull(name);
        }
    }

    private static JsonObject table(Blob container, int skip, int depth) {
        JsonObject out = new JsonObject();
        for (Blob b : container.children(skip)) {
            int hdr = nameHeader(b, true);
            out.put(name(b), value(b, hdr, depth));
        }
        return out;
    }

    private static JsonArray array(Blob container, int skip, int depth) {
        JsonArray out = new JsonArray();
        for (Blob b : container.children(skip)) {
            out.add(value(b, nameHeader(b, false), depth));
        }
        return out;
    }

    /**
     * The length of {@code b}'s name header, checked; 0 for an array element without one.
     * Table fields must carry a non-empty name.
     */
    static int nameHeader(Blob b, boolean named) {
        if (!b.extended()) {
            if (named) {
                throw new BlobFormatException("blobmsg table field without a name");
            }
            return 0;
        }
        if (b.dataLen() < 2) {
            throw new BlobFormatException("blobmsg name header truncated");
        }
        int namelen = b.u8(0) << 8 | b.u8(1);
        int hdr = (2 + namelen + 1 + 3) & ~3;
        if (named && namelen == 0) {
            throw new BlobFormatException("blobmsg table field with an empty name");
        }
        if (b.dataLen() < hdr || b.u8(2 + namelen) != 0) {
            throw new BlobFormatException("blobmsg name not terminated within its attribute");
        }
        return hdr;
    }

    static String name(Blob b) {
        int namelen = b.u8(0) << 8 | b.u8(1);
        return b.cString(2, namelen + 1);
    }

    private static JsonValue value(Blob b, int hdr, int depth) {
        BlobmsgType type = BlobmsgType.of(b.id());
        if (type == null) {
            throw new BlobFormatException("unknown blobmsg type " + b.id());
        }
        int n = b.dataLen() - hdr;
        switch (type) {
            case TABLE, ARRAY -> {
                if (depth >= MAX_DEPTH) {
                    throw new BlobFormatException("blobmsg nested deeper than " + MAX_DEPTH);
                }
                return type == BlobmsgType.TABLE ? table(b, hdr, depth + 1) : array(b, hdr, depth + 1);
            }
            case STRING -> {
                String s = b.cString(hdr, n);
                if (s == null) {
                    throw new BlobFormatException("blobmsg string not NUL-terminated");
                }
                return new JsonString(s);
            }
            case INT8 -> {
                return JsonBoolean.of(sized(b, hdr, n, 1) != 0);
            }
            case INT16 -> {
                return new JsonInteger((short) sized(b, hdr, n, 2));
            }
            case INT32 -> {
                return new JsonInteger((int) sized(b, hdr, n, 4));
            }
            case INT64 -> {
                return new JsonInteger(sized(b, hdr, n, 8));
            }
            case DOUBLE -> {
                if (n < 8) {
                    throw new BlobFormatException("blobmsg double shorter than 8 bytes");
                }
                return new JsonReal(Double.longBitsToDouble(b.u64(hdr)));
            }
            default -> {
                return JsonNull.NULL;
            }
        }
    }

    private static long sized(Blob b, int hdr, int n, int size) {
        if (n != size) {
            throw new BlobFormatException("blobmsg integer of " + n + " bytes where " + size + " belong");
        }
        return switch (size) {
            case 1 -> b.u8(hdr);
            case 2 -> b.u8(hdr) << 8 | b.u8(hdr + 1);
            case 4 -> b.u32(hdr);
            default -> b.u64(hdr);
        };
    }
}
