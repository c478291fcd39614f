package net.mwan3.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to one section's options, falling back to the schema's defaults. Values were
 * type-checked by {@link SchemaValidator} first; one that still does not parse yields the default,
 * which is harmless because its error already rejects the file.
 */
final class SectionReader {
    private final UciPackage pkg;
    private final UciSection section;
    private final SectionSchema schema;
    private final List<ConfigProblem> problems;

    SectionReader(UciPackage pkg, UciSection section, SectionSchema schema, List<ConfigProblem> problems) {
        this.pkg = pkg;
        this.section = section;
        this.schema = schema;
        this.problems = problems;
    }

    UciSection section() {
        return section;
    }

    boolean has(String option) {
        return section.option(option).isPresent();
    }

    /** Whether the option is set and its value fits its type (a misfit was reported by the schema check). */
    boolean fits(String option) {
        return section.option(option).map(o -> optionSchema(option).type().check(o.value()) == null).orElse(false);
    }

    String string(String option) {
        var o = section.option(option);
        OptionSchema os = optionSchema(option);
        if (o.isPresent()) {
            // An enum value outside its set was reported as an error; the default keeps the
            // readers' fromUci conversions total.
            boolean badEnum = os.type().scalar().kind() == OptionType.Kind.ENUM && os.type().check(o.get().value()) != null;
            if (!badEnum) {
                return o.get().value();
            }
        }
        return os.copyOf() != null ? string(os.copyOf()) : os.defaultValue();
    }

    List<String> list(String option) {
        var o = section.option(option);
        if (o.isEmpty()) {
            String def = string(option);
            return def == null ? List.of() : List.of(def.split(","));
        }
        List<String> out = new ArrayList<>();
        for (String v : o.get().values()) {
            // mwan3 reads lists with config_list_foreach and options with config_get: an option
            // holding several words is split by the shell.
            for (String word : v.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    out.add(word);
                }
            }
        }
        return out;
    }

    boolean bool(String option) {
        String v = string(option);
        return v != null && OptionType.parseBool(v);
    }

    int integer(String option) {
        Long v = OptionType.parseLong(nonNull(option));
        return v == null || v > Integer.MAX_VALUE ? Integer.parseInt(optionSchema(option).defaultValue()) : v.intValue();
    }

    long hex(String option) {
        Long v = OptionType.parseHex(nonNull(option));
        return v == null || v == 0 ? OptionType.parseHex(optionSchema(option).defaultValue()) : v;
    }

    /** The option's seconds; an invalid value (already an error) reads as its default, which may be another option's. */
    Duration seconds(String option) {
        OptionSchema os = optionSchema(option);
        var o = section.option(option);
        if (o.isPresent() && os.type().check(o.get().value()) == null) {
            return Duration.ofMillis(new BigDecimal(o.get().value()).movePointRight(3).longValueExact());
        }
        return os.copyOf() != null ? seconds(os.copyOf())
                : Duration.ofMillis(new BigDecimal(os.defaultValue()).movePointRight(3).longValueExact());
    }

    int line(String option) {
        return section.option(option).map(UciOption::line).orElse(section.line());
    }

    void warn(String option, String message) {
        report(Severity.WARNING, option, message);
    }

    void error(String option, String message) {
        report(Severity.ERROR, option, message);
    }

    private void report(Severity severity, String option, String message) {
        UciOption o = option == null ? null : section.option(option).orElse(null);
        problems.add(new ConfigProblem(severity, pkg.file(), o == null ? section.line() : o.line(),
                o == null ? 0 : o.column(), section.label(), option, message));
    }

    private String nonNull(String option) {
        String v = string(option);
        if (v == null) {
            throw new IllegalStateException(option + " has no value and no default");
        }
        return v;
    }

    private OptionSchema optionSchema(String option) {
        return schema.option(option)
                .orElseThrow(() -> new IllegalStateException("option " + option + " is not in the schema"));
    }
}
