package net.mwan3.json;

/**
 * A number with a fraction or an exponent, as a double; also an integer beyond 64 bits, which
 * nothing mwan3 reads carries (nft's 64-bit counters stay below 2^63 for centuries of traffic).
 */
public record JsonReal(double value) implements JsonValue {

    /** Java's shortest text for the double, as Jackson's generator writes it. */
    @Override
    public String asText() {
        return Double.toString(value);
    }

    @Override
    public long asLong(long absent) {
        return (long) value;
    }

    @Override
    public double asDouble(double absent) {
        return value;
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
