package net.mwan3.ubus;

import java.util.List;

import net.mwan3.json.JsonObject;
import net.mwan3.ubus.wire.Method;
import net.mwan3.ubus.wire.UbusStatus;

/**
 * An object mwan3d serves on ubus. {@link #call} runs on the ubus thread for every invocation, so
 * it must answer from memory at once: it may read published immutable state, never wait for the
 * daemon's main thread.
 */
public interface UbusObject {

    /** The object's path ({@code mwan3}). */
    String path();

    /** Its methods with their argument types, as {@code ubus -v list} shows them. */
    List<Method> methods();

    /** Answers one invocation; the arguments are what the caller sent (types unchecked). */
    Answer call(String method, JsonObject args);

    /** A reply: the status, and the data to send before it (null: none). */
    record Answer(UbusStatus status, JsonObject data) {

        public static Answer of(JsonObject data) {
            return new Answer(UbusStatus.OK, data);
        }

        public static Answer error(UbusStatus status) {
            return new Answer(status, null);
        }
    }
}
