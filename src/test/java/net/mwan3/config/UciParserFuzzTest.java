package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.UciFixtures;

/**
 * Robustness of the parser and of the whole text-to-config pipeline against damaged input: the
 * parser may only reject with {@link UciParseException}, {@link ConfigLoader#fromText} must never
 * throw, and nothing may hang (the timeout is a hang detector, far above the real run time).
 */
class UciParserFuzzTest {
    private static final long SEED = 0x6d77616e33L;
    private static final Duration HANG_LIMIT = Duration.ofSeconds(60);
    private static final String INTERESTING = "'\"\\\n\r\t #:./,-_=0123456789abcxyz"
            + "\u2018\u2019\u201C\u201D\u00e9\u4e2d\ud83d\ude00\u0000\u00a0\u0663\uff11";

    /** How many inputs the parser accepted and rejected: both must occur, or the fuzzing is blind. */
    private int accepted;
    private int rejected;

    @Test
    void randomStringsOnlyEverFailWithAParseException() {
        Random random = new Random(SEED);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            inputs.add(randomText(random, random.nextInt(200)));
        }
        for (int i = 0; i < 500; i++) {
            inputs.add(randomStatements(random));
        }
        assertTimeoutPreemptively(HANG_LIMIT, () -> inputs.forEach(this::parseAndLoad));
        assertTrue(accepted > 100 && rejected > 100, "accepted " + accepted + ", rejected " + rejected);
    }

    @Test
    void mutantsOfRealFilesOnlyEverFailWithAParseException() {
        Random random = new Random(SEED + 1);
        List<String> bases = new ArrayList<>();
        UciFixtures.VALID_SEEDS.forEach(f -> bases.add(UciFixtures.text(f)));
        bases.add(UciFixtures.text(UciFixtures.TYPO_SEED));
        bases.add(UciFixtures.text(UciFixtures.DEFAULT));
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String base = bases.get(i % bases.size());
            inputs.add(mutate(random, base, 1 + random.nextInt(i % 3 == 0 ? 12 : 3)));
        }
        assertTimeoutPreemptively(HANG_LIMIT, () -> inputs.forEach(this::parseAndLoad));
        assertTrue(accepted > 500 && rejected > 500, "accepted " + accepted + ", rejected " + rejected);
    }

    /** Values, not syntax: valid UCI whose option values are garbage must reach the reader unharmed. */
    @Test
    void garbageValuesInValidSyntaxNeverBreakTheReader() {
        Random random = new Random(SEED + 2);
        List<String> inputs = new ArrayList<>();
        List<String> bases = List.of(UciFixtures.text(UciFixtures.DEFAULT), everyOption());
        for (int i = 0; i < 1000; i++) {
            inputs.add(replaceOneValue(random, bases.get(i % 2)));
        }
        assertTimeoutPreemptively(HANG_LIMIT, () -> inputs.forEach(this::parseAndLoad));
        assertTrue(accepted > inputs.size() / 2, "accepted " + accepted + " of " + inputs.size());
    }

    /** One section of each type with every schema option set (except those defaulting to another option). */
    private static String everyOption() {
        StringBuilder sb = new StringBuilder();
        for (SectionSchema section : ConfigLoader.schema("mwan3").sections().values()) {
            sb.append("config ").append(section.type()).append(" '").append(section.type()).append("s'\n");
            for (OptionSchema o : section.options().values()) {
                if (o.copyOf() != null) {
                    continue; // left out so that it takes the (possibly garbage) value of the option it copies
                }
                String v = o.defaultValue() != null ? o.defaultValue() : "1";
                sb.append(o.isList() ? "\tlist " : "\toption ").append(o.name()).append(" '").append(v).append("'\n");
            }
        }
        return sb.toString();
    }

    private void parseAndLoad(String text) {
        try {
            UciParser.parse("fuzz", text);
            accepted++;
        } catch (UciParseException e) {
            assertNotNull(e.problem());
            assertTrue(e.problem().isError());
            rejected++;
        } catch (RuntimeException e) {
            fail("parser threw " + e + " for input " + quote(text), e);
        }
        try {
            ConfigResult result = ConfigLoader.fromText("fuzz", text);
            assertTrue(result.hasErrors() == (result.config() == null), "config null exactly when there are errors");
        } catch (RuntimeException e) {
            fail("ConfigLoader.fromText threw " + e + " for input " + quote(text), e);
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                sb.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
            } else if (kind < 9) {
                sb.append((char) (32 + random.nextInt(95)));
            } else {
                sb.append((char) random.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    /** Plausible statements with random words, so the parser gets past the first line. */
    private static String randomStatements(Random random) {
        String[] keywords = {"config", "option", "list", "package", "config interface", "option enabled",
            "list track_ip", "config rule", "option use_policy", "option dest_port", "option mmx_mask"};
        StringBuilder sb = new StringBuilder("config interface 'wan'\n");
        int lines = 1 + random.nextInt(8);
        for (int i = 0; i < lines; i++) {
            sb.append(keywords[random.nextInt(keywords.length)]).append(' ');
            sb.append(randomText(random, random.nextInt(12))).append('\n');
        }
        return sb.toString();
    }

    private static String mutate(Random random, String base, int edits) {
        StringBuilder sb = new StringBuilder(base);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            char c = INTERESTING.charAt(random.nextInt(INTERESTING.length()));
            switch (random.nextInt(4)) {
                case 0 -> sb.insert(at, c);
                case 1 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, c);
                    }
                }
                default -> {
                    // Duplicate or drop a whole slice: lines repeated, sections cut in half.
                    int end = Math.min(sb.length(), at + random.nextInt(80));
                    String slice = sb.substring(at, end);
                    if (random.nextBoolean()) {
                        sb.insert(at, slice);
                    } else {
                        sb.delete(at, end);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Swaps the value of one random {@code '...'} piece for garbage without quotes or newlines. */
    private static String replaceOneValue(Random random, String base) {
        List<int[]> spans = new ArrayList<>();
        for (int i = base.indexOf('\''); i >= 0; ) {
            int close = base.indexOf('\'', i + 1);
            spans.add(new int[] {i + 1, close});
            i = base.indexOf('\'', close + 1);
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String[] pool = {"", "0", "-1", "1e9", "0x0", "0x100000000", "99999999999999999999", "ipv5", "tcp",
            "::", ".::1", "0.0.0.1/0.0.0.1", "1.2.3.4/33", "1:2", "a b c", "65536", "1-", ",", "0.001", "NaN",
            "\u0663::1", "[::1]:0", "yes", "bogus", "online", "all", "default", "wan", "balanced"};
        String garbage = random.nextInt(3) == 0 ? randomText(random, random.nextInt(10)).replaceAll("['\\n\\r\\\\]", "")
                : pool[random.nextInt(pool.length)];
        return base.substring(0, span[0]) + garbage + base.substring(span[1]);
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            sb.append(c >= 32 && c < 127 && c != '"' && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }
}
