package net.mwan3.json;

/** Text that is not one well-formed JSON value (or nests deeper than {@link Json#MAX_DEPTH}). */
public final class JsonFormatException extends IllegalArgumentException {

    public JsonFormatException(String message) {
        super(message);
    }
}
