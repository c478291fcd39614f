package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/config-reference.md is exactly the rendering of the schema files. After changing a schema,
 * regenerate with {@code mvn -o test -Dtest=ConfigReferenceTest -Dgolden.update=true}.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("docs", "config-reference.md");

    private static List<Schema> schemas() throws IOException {
        Schema mwan3 = Schema.parse(Files.readString(Path.of("uci-schema", "mwan3.schema"), StandardCharsets.UTF_8));
        return List.of(mwan3, Schema.parse(Files.readString(Path.of("uci-schema", "network.schema"),
                StandardCharsets.UTF_8), mwan3.types()));
    }

    @Test
    void committedReferenceEqualsTheRendering() throws IOException {
        String rendered = SchemaDocRenderer.render(schemas());
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), DOC + " missing; run with -Dgolden.update=true");
        assertEquals(rendered, Files.readString(DOC, StandardCharsets.UTF_8),
                DOC + " is stale; run mvn -o test -Dtest=ConfigReferenceTest -Dgolden.update=true");
    }

    @Test
    void theClassPathSchemasAreTheFilesInTheRepository() throws IOException {
        assertEquals(schemas(), List.of(ConfigLoader.schema("mwan3"), ConfigLoader.schema("network")));
    }

    @Test
    void everyOptionAndSectionIsDocumented() throws IOException {
        String doc = SchemaDocRenderer.render(schemas());
        for (Schema schema : schemas()) {
            for (SectionSchema section : schema.sections().values()) {
                assertTrue(doc.contains("### config " + section.type() + "\n"), section.type());
                for (OptionSchema o : section.options().values()) {
                    assertTrue(doc.contains("| `" + o.name() + "` | `" + o.type() + "` | "), o.name());
                }
            }
        }
    }

    @Test
    void rendersDefaultsAndEscapesPipes() {
        Schema s = Schema.parse("package demo partial\nsection thing A | B.\n"
                + "a  bool  0  On | off.\nb  string  !  Required.\nc  seconds(1,2)  =d  Copies d.\nd  string  -  None.\n");
        String doc = SchemaDocRenderer.render(List.of(s));
        assertTrue(doc.contains("## /etc/config/demo\n\nPartial: "), doc);
        assertTrue(doc.contains("### config thing\n\nA | B.\n\n| Option | Type | Default | Description |\n|---|---|---|---|\n"),
                doc);
        assertTrue(doc.contains("| `a` | `bool` | `0` | On \\| off. |\n"), doc);
        assertTrue(doc.contains("| `b` | `string` | required | Required. |\n"), doc);
        assertTrue(doc.contains("| `c` | `seconds(1,2)` | = `d` | Copies d. |\n"), doc);
        assertTrue(doc.contains("| `d` | `string` | none | None. |\n"), doc);
    }
}
