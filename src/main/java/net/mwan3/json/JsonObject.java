package net.mwan3.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object: members in insertion order, a repeated key replacing the value in its first place.
 * Built in place with the {@code put} methods; a tree handed out (a status answer, a parsed
 * message) is not changed afterwards, so it may be shared and cached by identity.
 */
public final class JsonObject implements JsonValue {
    private final Map<String, JsonValue> members = new LinkedHashMap<>();

    /** Sets {@code key} to {@code value}; a Java null is JSON null. */
    public JsonObject put(String key, JsonValue value) {
        members.put(key, value == null ? JsonNull.NULL : value);
        return this;
    }

    /** A string member; a Java null is JSON null. */
    public JsonObject put(String key, String value) {
        return put(key, value == null ? JsonNull.NULL : new JsonString(value));
    }

    public JsonObject put(String key, long value) {
        return put(key, new JsonInteger(value));
    }

    public JsonObject put(String key, double value) {
        return put(key, new JsonReal(value));
    }

    public JsonObject put(String key, boolean value) {
        return put(key, JsonBoolean.of(value));
    }

    public JsonObject putNull(String key) {
        return put(key, JsonNull.NULL);
    }

    /** A new empty object under {@code key}, returned to be filled. */
    public JsonObject putObject(String key) {
        JsonObject o = new JsonObject();
        put(key, o);
        return o;
    }

    /** A new empty array under {@code key}, returned to be filled. */
    public JsonArray putArray(String key) {
        JsonArray a = new JsonArray();
        put(key, a);
        return a;
    }

    /** Removes {@code key}, if present. */
    public JsonObject remove(String key) {
        members.remove(key);
        return this;
    }

    @Override
    public JsonValue get(String key) {
        JsonValue v = members.get(key);
        return v == null ? JsonNull.NULL : v;
    }

    @Override
    public boolean has(String key) {
        return members.containsKey(key);
    }

    @Override
    public Map<String, JsonValue> members() {
        return Collections.unmodifiableMap(members);
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public String asText() {
        return "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    /** The compact JSON text. */
    @Override
    public String toString() {
        return Json.write(this);
    }
}
