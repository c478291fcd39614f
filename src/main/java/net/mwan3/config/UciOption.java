package net.mwan3.config;

import java.util.List;

/** An {@code option} (one value) or a {@code list} (values in file order), with where it was set. */
public record UciOption(String name, boolean list, List<String> values, int line, int column) {

    public UciOption {
        values = List.copyOf(values);
    }

    /** The value of an option, or the last element of a list used where one value is expected. */
    public String value() {
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }
}
