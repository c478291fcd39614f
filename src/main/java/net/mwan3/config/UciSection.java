package net.mwan3.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code config <type> [name]} block. Options keep file order; a later {@code option} replaces an
 * earlier one of the same name and {@code list} lines append, as {@code uci} does.
 *
 * @param label how messages name the section: {@code interface 'wan'} or {@code rule @rule[2]}
 */
public record UciSection(String type, String name, String label, int line, Map<String, UciOption> options) {

    public UciSection {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public boolean anonymous() {
        return name == null;
    }

    public Optional<UciOption> option(String optionName) {
        return Optional.ofNullable(options.get(optionName));
    }

    public Collection<UciOption> allOptions() {
        return options.values();
    }

    /** Mutable form used while parsing. */
    static final class Builder {
        final String type;
        final String name;
        final String label;
        final int line;
        final Map<String, UciOption> options = new LinkedHashMap<>();

        Builder(String type, String name, String label, int line) {
            this.type = type;
            this.name = name;
            this.label = label;
            this.line = line;
        }

        void option(String optionName, String value, int atLine, int atColumn) {
            options.put(optionName, new UciOption(optionName, false, List.of(value), atLine, atColumn));
        }

        void list(String optionName, String value, int atLine, int atColumn) {
            UciOption old = options.get(optionName);
            List<String> values = new ArrayList<>();
            if (old != null && old.list()) {
                values.addAll(old.values());
            }
            values.add(value);
            options.put(optionName, new UciOption(optionName, true, values, atLine, atColumn));
        }

        UciSection build() {
            return new UciSection(type, name, label, line, options);
        }
    }
}
