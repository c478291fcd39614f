package net.mwan3.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a parsed package against its schema: unknown section types and options are warnings
 * (mwan3 ignores them), values that do not fit their type are errors naming section, option and
 * value. A partial package (another program's file, such as netifd's network) is not checked here:
 * its values are checked where the reader uses them. Knows nothing about what the options mean;
 * {@link Mwan3ConfigReader} does that.
 */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    public static List<ConfigProblem> validate(UciPackage pkg, Schema schema) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (schema.partial()) {
            return problems;
        }
        for (UciSection section : pkg.sections()) {
            var sectionSchema = schema.section(section.type());
            if (sectionSchema.isEmpty()) {
                problems.add(problem(Severity.WARNING, pkg, section, null, section.line(),
                        "unknown section type '" + section.type() + "'; ignored (known: "
                                + String.join(", ", schema.sections().keySet()) + ")"));
                continue;
            }
            for (UciOption option : section.allOptions()) {
                var optionSchema = sectionSchema.get().option(option.name());
                if (optionSchema.isEmpty()) {
                    problems.add(problem(Severity.WARNING, pkg, section, option, option.line(), "unknown option; ignored"));
                    continue;
                }
                checkOption(pkg, section, option, optionSchema.get(), problems);
            }
        }
        return problems;
    }

    private static void checkOption(UciPackage pkg, UciSection section, UciOption option, OptionSchema schema,
                                    List<ConfigProblem> problems) {
        if (schema.removed()) {
            problems.add(problem(Severity.WARNING, pkg, section, option, option.line(),
                    schema.description().isEmpty() ? "removed option; ignored" : schema.description()));
            return;
        }
        if (option.list() && !schema.isList() && option.values().size() > 1) {
            problems.add(problem(Severity.WARNING, pkg, section, option, option.line(),
                    "is a single value but was given as a list; the last value '" + option.value() + "' is used"));
        }
        List<String> values = !schema.isList() ? List.of(option.value())
                : option.list() ? option.values()
                : List.of(option.value().trim().split("\\s+")); // read word by word, as SectionReader.list does
        for (String value : values) {
            String expected = schema.type().check(value);
            if (expected != null) {
                problems.add(problem(Severity.ERROR, pkg, section, option, option.line(),
                        "invalid value '" + ConfigProblem.shown(value) + "': " + expected));
            }
        }
    }

    static ConfigProblem problem(Severity severity, UciPackage pkg, UciSection section, UciOption option, int line,
                                 String message) {
        return new ConfigProblem(severity, pkg.file(), line, option == null ? 0 : option.column(), section.label(),
                option == null ? null : option.name(), message);
    }
}
