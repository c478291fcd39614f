package net.mwan3.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of one UCI package, read from {@code uci-schema/<package>.schema}. Defaults and the
 * rules a value must follow live only there: the readers ask the schema, so the file users read is
 * the one the code obeys.
 *
 * <p>Format: {@code package <name> [partial]}; lines {@code type <name> <regex> <what it expects>}
 * declaring pattern types; then for each section type a line {@code section <type> <description>}
 * followed by option lines {@code <option> <type> <default> <description>}. A {@code partial} package
 * declares only what this project reads; other options are not warned about, and a value is checked
 * where the reader uses it.
 *
 * @param types the pattern types this file declares, by name (those it inherited are not repeated)
 */
public record Schema(String packageName, boolean partial, Map<String, OptionType> types,
                     Map<String, SectionSchema> sections) {

    public Schema {
        types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public Optional<SectionSchema> section(String type) {
        return Optional.ofNullable(sections.get(type));
    }

    /** A pattern type this schema declares, e.g. {@code device}. */
    public OptionType type(String name) {
        OptionType t = types.get(name);
        if (t == null) {
            throw new IllegalStateException("schema of " + packageName + " declares no type '" + name + "'");
        }
        return t;
    }

    public static Schema parse(String text) {
        return parse(text, Map.of());
    }

    /** {@code inherited}: pattern types another schema declared (network.schema uses mwan3.schema's). */
    public static Schema parse(String text, Map<String, OptionType> inherited) {
        Map<String, OptionType> types = new LinkedHashMap<>();
        Map<String, OptionType> known = new LinkedHashMap<>(inherited);
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
                } else if (f[0].equals("type")) {
                    OptionType t = OptionType.pattern(f[1], f[2], f[3]);
                    types.put(f[1], t);
                    known.put(f[1], t);
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
                    options.put(f[0], new OptionSchema(f[0], OptionType.parse(f[1], known), value, required, copyOf,
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
        return new Schema(packageName, partial, types, sections);
    }
}
