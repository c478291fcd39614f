package net.mwan3.json;

/** An integer that fits 64 bits, kept exact (written without a fraction, as it was read). */
public record JsonInteger(long value) implements JsonValue {

    @Override
    public String asText() {
        return Long.toString(value);
    }

    @Override
    public long asLong(long absent) {
        return value;
    }

    @Override
    public double asDouble(double absent) {
        return value;
    }

    @Override
    public boolean asBoolean(boolean absent) {
        return value != 0;
    }

    @Override
    public String toString() {
        return asText();
    }
}
