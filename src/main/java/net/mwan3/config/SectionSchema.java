package net.mwan3.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A section type with its options in documentation order. */
public record SectionSchema(String type, String description, Map<String, OptionSchema> options) {

    public SectionSchema {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public Optional<OptionSchema> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
