package net.mwan3.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The UCI files under {@code src/test/resources/uci/}: mwan3 2.12.2's shipped default config and
 * copies of the real-world configs of {@code /work/shared/configs} (copied so the tests do not
 * depend on a directory outside the project).
 */
public final class UciFixtures {
    /** The seeds that must be accepted (with warnings at most). */
    public static final List<String> VALID_SEEDS = List.of("seed-example.mwan3", "seed-mailserver.mwan3",
            "seed-privoxy.mwan3", "seed-usage-report.mwan3");
    public static final String TYPO_SEED = "seed-youtube-typo.mwan3";
    public static final String DEFAULT = "default.mwan3";

    private UciFixtures() {
    }

    public static String text(String name) {
        try (InputStream in = UciFixtures.class.getResourceAsStream("/uci/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource uci/" + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
