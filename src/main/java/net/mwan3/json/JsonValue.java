package net.mwan3.json;

import java.util.List;
import java.util.Map;

/**
 * One JSON value. The accessors answer for every kind, so a reader of outside data (nft, netifd,
 * ubus peers) walks a path without checking each step: a member that is absent, or asked of
 * something that is not an object, is {@link JsonNull#NULL}, which answers every default. The
 * conversions follow what the daemon read before with Jackson's tree: numbers as their text,
 * numeric text as a number, a boolean as 1 or 0.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonInteger, JsonReal, JsonBoolean,
        JsonNull {

    /** The member {@code key} of an object; {@link JsonNull#NULL} when there is none. */
    default JsonValue get(String key) {
        return JsonNull.NULL;
    }

    /** Whether this is an object with a member {@code key} (even a null one). */
    default boolean has(String key) {
        return false;
    }

    /** An array's elements in order; nothing for anything else. */
    default List<JsonValue> elements() {
        return List.of();
    }

    /** An object's members in insertion order; nothing for anything else. */
    default Map<String, JsonValue> members() {
        return Map.of();
    }

    /** The number of elements or members; 0 for a scalar. */
    default int size() {
        return 0;
    }

    /** A string as it is, a number or boolean as its JSON text; "" for null and containers. */
    String asText();

    /** As {@link #asText()}, but {@code absent} for null (or a missing member). */
    default String asText(String absent) {
        return asText();
    }

    /** An integer, a real truncated, numeric text parsed, a boolean as 1 or 0; else {@code absent}. */
    default long asLong(long absent) {
        return absent;
    }

    /** {@link #asLong(long)} narrowed as a Java cast narrows it. */
    default int asInt(int absent) {
        return (int) asLong(absent);
    }

    /** A number, numeric text parsed, a boolean as 1 or 0; else {@code absent}. */
    default double asDouble(double absent) {
        return absent;
    }

    /** A boolean, "true"/"false" text, a number as non-zero; else {@code absent}. */
    default boolean asBoolean(boolean absent) {
        return absent;
    }
}
