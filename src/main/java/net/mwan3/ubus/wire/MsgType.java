package net.mwan3.ubus.wire;

/** ubus message types ({@code enum ubus_msg_type}); the ordinal is the wire code. */
public enum MsgType {
    HELLO, STATUS, DATA, PING, LOOKUP, INVOKE, ADD_OBJECT, REMOVE_OBJECT, SUBSCRIBE, UNSUBSCRIBE, NOTIFY, MONITOR;

    private static final MsgType[] ALL = values();

    public int code() {
        return ordinal();
    }

    /** The type of a wire code, or null for one ubus does not define. */
    public static MsgType of(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }
}
