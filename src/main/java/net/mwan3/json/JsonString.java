package net.mwan3.json;

import java.util.Objects;

/** A string; numeric or boolean text converts when asked for a number or a boolean. */
public record JsonString(String value) implements JsonValue {

    public JsonString {
        Objects.requireNonNull(value, "a JSON string is never null; use JsonNull");
    }

    @Override
    public String asText() {
        return value;
    }

    @Override
    public long asLong(long absent) {
        String t = value.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notAnInteger) {
            double d = asDouble(Double.NaN);
            return Double.isNaN(d) ? absent : (long) d;
        }
    }

    @Override
    public double asDouble(double absent) {
        String t = value.trim();
        if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
            return absent; // Double.parseDouble would take "1d", "NaN" and "Infinity"
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException notANumber) {
            return absent;
        }
    }

    @Override
    public boolean asBoolean(boolean absent) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> absent;
        };
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
