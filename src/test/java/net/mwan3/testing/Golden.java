package net.mwan3.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden-file assertions: {@code -Dgolden.update=true} (or a missing file) rewrites the file. */
public final class Golden {

    private Golden() {
    }

    public static void assertGolden(String dir, String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", dir, name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden " + file);
    }
}
