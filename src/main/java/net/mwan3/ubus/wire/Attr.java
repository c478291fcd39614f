package net.mwan3.ubus.wire;

/** ubus message attributes ({@code enum ubus_msg_attr}); the ordinal is the wire id. */
public enum Attr {
    UNSPEC, STATUS, OBJPATH, OBJID, METHOD, OBJTYPE, SIGNATURE, DATA, TARGET, ACTIVE, NO_REPLY, SUBSCRIBERS, USER,
    GROUP;

    public int id() {
        return ordinal();
    }
}
