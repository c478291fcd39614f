package net.mwan3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Packages whose package-info says "Pure" take no I/O and no clock. This reads each package-info,
 * so a new pure package is covered as soon as it declares itself, and scans the code (comments and
 * string literals removed) for the I/O libraries and clock calls that would break that promise.
 */
class PurityTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "net", "mwan3");
    /** The documented file-reading edge of the config package. */
    private static final Path EXEMPT = Path.of("config", "ConfigLoader.java");

    private static final List<Pattern> FORBIDDEN = Stream.of(
            "\\bio\\.netty\\.", "\\bjnr\\.", "\\bjava\\.nio\\.file\\b", "\\bjava\\.net\\.Socket", "\\bjava\\.io\\.File",
            "\\bProcessBuilder\\b", "\\bSystem\\s*\\.\\s*currentTimeMillis\\b", "\\bSystem\\s*\\.\\s*nanoTime\\b",
            "\\bInstant\\s*\\.\\s*now\\s*\\(", "\\bLocalDateTime\\s*\\.\\s*now\\s*\\(")
            .map(Pattern::compile).toList();

    @Test
    void purePackagesUseNoIoAndNoClock() throws IOException {
        List<Path> pure = purePackages();
        List<String> names = pure.stream().map(p -> SOURCES.relativize(p).toString()).toList();
        assertTrue(names.containsAll(List.of("model", "config")), "model and config declare themselves pure: " + names);
        List<String> violations = new ArrayList<>();
        for (Path dir : pure) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    if (SOURCES.relativize(file).equals(EXEMPT)) {
                        continue;
                    }
                    violations.addAll(violations(SOURCES.relativize(file).toString(), Files.readString(file)));
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theScannerFindsWhatItLooksFor() {
        String code = """
                package x;
                import java.nio.file.Files;
                /** ProcessBuilder in a comment is fine. */
                class A {
                    String s = "System.nanoTime() in a string is fine";
                    long t = System.currentTimeMillis();
                    Object o = java.time.Instant.now();
                    Object p = new java.io.FileReader("x"); // io.netty in a comment is fine
                    char c = '"'; Object q = new ProcessBuilder();
                }
                """;
        assertEquals(List.of("A.java:2: \\bjava\\.nio\\.file\\b", "A.java:6: \\bSystem\\s*\\.\\s*currentTimeMillis\\b",
                "A.java:7: \\bInstant\\s*\\.\\s*now\\s*\\(", "A.java:8: \\bjava\\.io\\.File", "A.java:9: \\bProcessBuilder\\b"),
                violations("A.java", code));
    }

    @Test
    void packageInfoDecidesPurity() {
        assertTrue(isPure("/** Pure: values. */\npackage a;"));
        assertTrue(isPure("/**\n * Pure: UCI text.\n */\npackage a;"));
        assertTrue(!isPure("/** Effectful edge: the CLI. */\npackage a;"));
        assertTrue(!isPure("package a;"));
    }

    private static List<Path> purePackages() throws IOException {
        try (Stream<Path> infos = Files.walk(SOURCES)) {
            List<Path> out = new ArrayList<>();
            for (Path info : infos.filter(p -> p.getFileName().toString().equals("package-info.java")).sorted().toList()) {
                if (isPure(Files.readString(info, StandardCharsets.UTF_8))) {
                    out.add(info.getParent());
                }
            }
            return out;
        }
    }

    /** Whether the package comment's text starts with "Pure". */
    static boolean isPure(String packageInfo) {
        int start = packageInfo.indexOf("/**");
        if (start < 0) {
            return false;
        }
        String text = packageInfo.substring(start + 3).replaceAll("(?m)^\\s*\\*(?!/)", " ").strip();
        return text.startsWith("Pure");
    }

    static List<String> violations(String name, String source) {
        String[] lines = codeOnly(source).split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            for (Pattern p : FORBIDDEN) {
                if (p.matcher(lines[i]).find()) {
                    out.add(name + ":" + (i + 1) + ": " + p.pattern());
                }
            }
        }
        return out;
    }

    /** The source with comments and string/char literals blanked, line breaks kept. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (c == '"' || c == '\'') {
                boolean block = s.startsWith("\"\"\"", i);
                String close = block ? "\"\"\"" : String.valueOf(c);
                int j = i + close.length();
                while (j < s.length() && !s.startsWith(close, j)) {
                    if (s.charAt(j) == '\n') {
                        out.append('\n');
                    }
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(' ');
                i = Math.min(s.length(), j + close.length());
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
