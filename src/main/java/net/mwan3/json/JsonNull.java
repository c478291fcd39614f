package net.mwan3.json;

/** JSON's {@code null}, which also stands for a member that is not there. */
public enum JsonNull implements JsonValue {
    NULL;

    @Override
    public String asText() {
        return "";
    }

    @Override
    public String asText(String absent) {
        return absent;
    }

    @Override
    public String toString() {
        return "null";
    }
}
