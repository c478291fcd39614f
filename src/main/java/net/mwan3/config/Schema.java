package net.mwan3.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of one UCI package, read from {@code uci-schema/<package>.schema}. Defaults live only
 * there: the readers ask the schema, so the file users read is the one the code obeys.
 *
 * <p>Format: {@code package <name> [partial]}, then for each section type a line {@code section
 * <type> <description>} followed by option lines {@code <option> <type> <default> <description>}.
 * A {@code partial} package declares only what this project reads; other options are not warned about.
 */
public record Schema(String packageName, boolean partial, Map<String, SectionSchema> sections) {

    public Schema {
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public Optional<SectionSchema> section(String type) {
        return Optional.ofNullable(sections.get(type));
    }

    public static Schema parse(String text) {
        String packageName = null;
        boolean partial = false;
        Map<String, SectionSchema> sections = new LinkedHashMap<>();
        String currentType = null;
        String currentDescription = null;
        Map<String, OptionSchema> options = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 4);
            try {
                if (f[0].equals("package")) {
                    packageName = f[1];
                    partial = f.length > 2 && f[2].equals("partial");
                } else if (f[0].equals("section")) {
                    if (currentType != null) {
                        sections.put(currentType, new SectionSchema(currentType, currentDescription, options));
                    }
                    currentType = f[1];
                    currentDescription = line.split("\\s+", 3).length > 2 ? line.split("\\s+", 3)[2] : "";
                    options = new LinkedHashMap<>();
                } else {
                    String def = f[2];
                    boolean required = def.equals("!");
                    String copyOf = def.startsWith("=") ? def.substring(1) : null;
                    String value = required || copyOf != null || def.equals("-") ? null : def;
                    options.put(f[0], new OptionSchema(f[0], OptionType.parse(f[1]), value, required, copyOf,
                            f.length > 3 ? f[3] : ""));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("schema line " + lineNo + ": cannot read '" + line + "'", e);
            }
        }
        if (currentType != null) {
            sections.put(currentType, new SectionSchema(currentType, currentDescription, options));
        }
        if (packageName == null) {
            throw new IllegalArgumentException("schema has no 'package' line");
        }
        return new Schema(packageName, partial, sections);
    }
}
