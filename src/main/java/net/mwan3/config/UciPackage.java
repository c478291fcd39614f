package net.mwan3.config;

import java.util.List;

/** A parsed UCI file: its sections in file order and the warnings the parser gave while reading it. */
public record UciPackage(String file, List<UciSection> sections, List<ConfigProblem> warnings) {

    public UciPackage {
        sections = List.copyOf(sections);
        warnings = List.copyOf(warnings);
    }

    public List<UciSection> sectionsOfType(String type) {
        return sections.stream().filter(s -> s.type().equals(type)).toList();
    }
}
