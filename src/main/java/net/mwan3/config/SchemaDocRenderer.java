package net.mwan3.config;

import java.util.List;

/**
 * Renders {@code docs/config-reference.md} from the schema files, so the reference users read is
 * generated from the same text the validator obeys and cannot drift from it.
 */
public final class SchemaDocRenderer {

    private SchemaDocRenderer() {
    }

    public static String render(List<Schema> schemas) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n");
        sb.append("<!-- Generated from uci-schema/*.schema by net.mwan3.config.SchemaDocRenderer; do not edit.\n");
        sb.append("     Regenerate: mvn -o test -Dtest=ConfigReferenceTest -Dgolden.update=true -->\n\n");
        sb.append("Every section type and option this project reads, with the default used when the option is\n");
        sb.append("absent. Defaults are those of mwan3 2.12.2; options marked \"(extension)\" are this project's.\n");
        sb.append("Unknown options are warnings, values that do not fit their type are errors (`mwan3 check`).\n");
        for (Schema schema : schemas) {
            renderPackage(sb, schema);
        }
        return sb.toString();
    }

    private static void renderPackage(StringBuilder sb, Schema schema) {
        sb.append("\n## /etc/config/").append(schema.packageName()).append("\n");
        if (schema.partial()) {
            sb.append("\nPartial: only the options below are read; other options of this file are not checked, and a\n"
                    + "value is checked only where mwan3 takes a device from it.\n");
        }
        if (!schema.types().isEmpty()) {
            sb.append("\n### Value types\n\n");
            sb.append("Names that reach nft, ip, a shell or a file must match their type's pattern (the whole value);\n");
            sb.append("anything else is an error naming file, line, section and option.\n\n");
            sb.append("| Type | Pattern | A value must be |\n");
            sb.append("|---|---|---|\n");
            for (OptionType t : schema.types().values()) {
                sb.append("| ").append(code(t.args().get(0))).append(" | ").append(code(t.args().get(1)))
                        .append(" | ").append(cell(t.args().get(2))).append(" |\n");
            }
        }
        for (SectionSchema section : schema.sections().values()) {
            sb.append("\n### config ").append(section.type()).append("\n\n");
            if (!section.description().isEmpty()) {
                sb.append(section.description()).append("\n\n");
            }
            sb.append("| Option | Type | Default | Description |\n");
            sb.append("|---|---|---|---|\n");
            for (OptionSchema option : section.options().values()) {
                sb.append("| ").append(code(option.name()))
                        .append(" | ").append(code(option.type().toString()))
                        .append(" | ").append(defaultCell(option))
                        .append(" | ").append(cell(option.description()))
                        .append(" |\n");
            }
        }
    }

    private static String defaultCell(OptionSchema option) {
        if (option.required()) {
            return "required";
        }
        if (option.copyOf() != null) {
            return "= " + code(option.copyOf());
        }
        return option.defaultValue() == null ? "none" : code(option.defaultValue());
    }

    private static String code(String text) {
        return "`" + cell(text) + "`";
    }

    /** A table cell: pipes would end the cell and newlines the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
