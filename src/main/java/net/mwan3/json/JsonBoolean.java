package net.mwan3.json;

/** {@code true} or {@code false}. */
public enum JsonBoolean implements JsonValue {
    FALSE, TRUE;

    public static JsonBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return this == TRUE;
    }

    @Override
    public String asText() {
        return value() ? "true" : "false";
    }

    @Override
    public long asLong(long absent) {
        return value() ? 1 : 0;
    }

    @Override
    public double asDouble(double absent) {
        return asLong(0);
    }

    @Override
    public boolean asBoolean(boolean absent) {
        return value();
    }

    @Override
    public String toString() {
        return asText();
    }
}
