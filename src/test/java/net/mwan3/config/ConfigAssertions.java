package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Loading config text and finding the one problem a test is about. */
final class ConfigAssertions {

    private ConfigAssertions() {
    }

    static ConfigResult load(String text) {
        return ConfigLoader.fromText("mwan3", text);
    }

    /** Loads text that must be accepted, and returns the config. */
    static Mwan3Config accepted(String text) {
        ConfigResult r = load(text);
        assertFalse(r.hasErrors(), () -> "unexpected errors: " + r.errors());
        assertNotNull(r.config());
        return r.config();
    }

    /** Loads text that must be refused (config null) and returns the single error containing {@code fragment}. */
    static ConfigProblem refused(String text, String fragment) {
        ConfigResult r = load(text);
        assertNull(r.config(), "a config with errors is not returned");
        return only(r, Severity.ERROR, fragment);
    }

    /** The single problem of {@code severity} whose message contains {@code fragment}. */
    static ConfigProblem only(ConfigResult r, Severity severity, String fragment) {
        List<ConfigProblem> hits = r.problems().stream()
                .filter(p -> p.severity() == severity && p.message().contains(fragment)).toList();
        if (hits.size() != 1) {
            fail("expected exactly one " + severity + " containing '" + fragment + "', got " + r.problems());
        }
        return hits.get(0);
    }

    static void assertProblem(ConfigProblem p, Severity severity, String section, String option, int line) {
        assertEquals(severity, p.severity(), p::toString);
        assertEquals(section, p.section(), p::toString);
        assertEquals(option, p.option(), p::toString);
        assertEquals(line, p.line(), p::toString);
    }

    static void assertNoProblems(ConfigResult r) {
        assertEquals(List.of(), r.problems());
    }
}
