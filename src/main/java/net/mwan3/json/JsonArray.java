package net.mwan3.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An array, built in place with the {@code add} methods (see {@link JsonObject} on sharing). */
public final class JsonArray implements JsonValue {
    private final List<JsonValue> elements = new ArrayList<>();

    /** Appends {@code value}; a Java null is JSON null. */
    public JsonArray add(JsonValue value) {
        elements.add(value == null ? JsonNull.NULL : value);
        return this;
    }

    /** Appends a string; a Java null is JSON null. */
    public JsonArray add(String value) {
        return add(value == null ? JsonNull.NULL : new JsonString(value));
    }

    public JsonArray add(long value) {
        return add(new JsonInteger(value));
    }

    /** Appends a new empty object, returned to be filled. */
    public JsonObject addObject() {
        JsonObject o = new JsonObject();
        add(o);
        return o;
    }

    @Override
    public List<JsonValue> elements() {
        return Collections.unmodifiableList(elements);
    }

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public String asText() {
        return "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other && elements.equals(other.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    /** The compact JSON text. */
    @Override
    public String toString() {
        return Json.write(this);
    }
}
