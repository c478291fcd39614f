package net.mwan3.config;

/**
 * One option of a section type as a schema file declares it.
 *
 * @param defaultValue the value used when the option is absent, or null for none
 * @param copyOf       when non-null, the default is the value of that other option (mwan3's
 *                     {@code failure_interval} defaults to {@code interval})
 */
public record OptionSchema(String name, OptionType type, String defaultValue, boolean required, String copyOf,
                           String description) {

    public boolean isList() {
        return type.isList();
    }

    public boolean removed() {
        return type.kind() == OptionType.Kind.REMOVED;
    }

    /** The default as the schema file writes it: a value, {@code =option}, {@code !} or {@code -}. */
    public String defaultText() {
        if (required) {
            return "!";
        }
        if (copyOf != null) {
            return "=" + copyOf;
        }
        return defaultValue == null ? "-" : defaultValue;
    }
}
