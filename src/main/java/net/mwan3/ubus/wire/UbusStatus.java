package net.mwan3.ubus.wire;

/** ubus status codes ({@code enum ubus_msg_status}); the ordinal is the wire code. */
public enum UbusStatus {
    OK, INVALID_COMMAND, INVALID_ARGUMENT, METHOD_NOT_FOUND, NOT_FOUND, NO_DATA, PERMISSION_DENIED, TIMEOUT,
    NOT_SUPPORTED, UNKNOWN_ERROR, CONNECTION_FAILED, NO_MEMORY, PARSE_ERROR, SYSTEM_ERROR;

    public int code() {
        return ordinal();
    }
}
