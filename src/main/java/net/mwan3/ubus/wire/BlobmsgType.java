package net.mwan3.ubus.wire;

/** blobmsg value types ({@code enum blobmsg_type}); the ordinal is the blob id. BOOL is INT8. */
public enum BlobmsgType {
    UNSPEC, ARRAY, TABLE, STRING, INT64, INT32, INT16, INT8, DOUBLE;

    private static final BlobmsgType[] ALL = values();

    public int code() {
        return ordinal();
    }

    /** The type of a blob id, or null above {@code BLOBMSG_TYPE_LAST}. */
    public static BlobmsgType of(int id) {
        return id >= 0 && id < ALL.length ? ALL[id] : null;
    }
}
