package net.mwan3.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the UCI file format as OpenWrt's libuci reads it: {@code package}, {@code config <type>
 * [name]}, {@code option <name> <value>} and {@code list <name> <value>} statements, one per line;
 * single quotes (literal), double quotes and bare words (backslash escapes), adjacent pieces joined
 * into one word, {@code #} comments, a trailing backslash joining the next line, tabs or spaces.
 *
 * <p>It stops at the first syntax error, like {@code uci}, with file, line, column and what was
 * expected. One deliberate leniency: a line that does not start with a UCI keyword (prose copied from
 * a wiki page along with a config) is skipped with a warning instead of failing the whole file.
 */
public final class UciParser {
    private static final char LEFT_QUOTE = '\u2018';
    private static final char RIGHT_QUOTE = '\u2019';
    private static final char LEFT_DQUOTE = '\u201C';
    private static final char RIGHT_DQUOTE = '\u201D';

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private UciParser(String file, String text) {
        this.file = file;
        this.text = text;
    }

    public static UciPackage parse(String file, String text) throws UciParseException {
        return new UciParser(file, text).run();
    }

    /** A word of a statement with the position where it started. */
    private record Word(String text, int line, int column, int endLine, int endColumn, boolean typographicQuote) {
    }

    private UciPackage run() throws UciParseException {
        List<UciSection.Builder> sections = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        Map<String, Integer> anonymousCount = new HashMap<>();
        UciSection.Builder current = null;
        while (pos < text.length()) {
            List<Word> words = statement();
            if (words.isEmpty()) {
                continue;
            }
            Word cmd = words.get(0);
            switch (cmd.text()) {
                case "package" -> expectArgs(words, 1, 1, "package <name>");
                case "config" -> {
                    expectArgs(words, 1, 2, "config <type> ['name']");
                    String type = name(words.get(1), true);
                    String name = words.size() > 2 ? name(words.get(2), false) : null;
                    int index = anonymousCount.merge(type, 1, Integer::sum) - 1;
                    String label = name != null ? type + " '" + name + "'" : type + " @" + type + "[" + index + "]";
                    current = new UciSection.Builder(type, name, label, cmd.line());
                    sections.add(current);
                }
                case "option", "list" -> {
                    if (current == null) {
                        throw error(cmd, "'" + cmd.text() + "' before any 'config' line: expected 'config <type> ['name']' first");
                    }
                    expectArgs(words, 2, 2, cmd.text() + " <name> 'value'");
                    String optionName = name(words.get(1), false);
                    Word value = words.get(2);
                    if (cmd.text().equals("option")) {
                        current.option(optionName, value.text(), cmd.line(), cmd.column());
                    } else {
                        current.list(optionName, value.text(), cmd.line(), cmd.column());
                    }
                }
                default -> warnings.add(ConfigProblem.at(Severity.WARNING, file, cmd.line(), cmd.column(),
                        "'" + ConfigProblem.shown(abbreviate(cmd.text())) + "' is not a UCI statement (expected config, option, list"
                                + " or package); uci would reject this line; ignored"));
            }
        }
        List<UciSection> built = sections.stream().map(UciSection.Builder::build).toList();
        return new UciPackage(file, built, warnings);
    }

    private void expectArgs(List<Word> words, int min, int max, String shape) throws UciParseException {
        int args = words.size() - 1;
        if (args < min) {
            Word last = words.get(words.size() - 1);
            throw error(last.endLine(), last.endColumn(), "missing argument: expected '" + shape + "'");
        }
        if (args > max) {
            Word extra = words.get(max + 1);
            String hint = extra.typographicQuote() || words.stream().anyMatch(Word::typographicQuote)
                    ? " (a typographic quote \u2018 \u2019 \u201C \u201D is not a quote in UCI: use ' or \")" : "";
            throw error(extra, "too many arguments: expected '" + shape + "'" + hint);
        }
    }

    /** Checks a type, section or option name against uci's allowed characters. */
    private String name(Word w, boolean type) throws UciParseException {
        String s = w.text();
        if (s.isEmpty()) {
            throw error(w, "empty name: expected letters, digits or '_'");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (type && c == '-');
            if (!ok) {
                String hint = isTypographic(c) ? " (a typographic quote: use ' or \")" : "";
                throw error(w.line(), w.column(), "invalid character '" + ConfigProblem.shown(String.valueOf(c))
                        + "' in name '" + ConfigProblem.shown(abbreviate(s))
                        + "': expected letters, digits or '_'" + hint);
            }
        }
        return s;
    }

    /** Reads the words of one statement, up to the end of its (possibly continued) line. */
    private List<Word> statement() throws UciParseException {
        List<Word> words = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                return words;
            }
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                newline();
                return words;
            }
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            if (c == '\\' && isLineEndAt(pos + 1)) {
                pos++;
                newline();
                continue;
            }
            words.add(word());
        }
    }

    private Word word() throws UciParseException {
        int startLine = line;
        int startColumn = column();
        StringBuilder sb = new StringBuilder();
        boolean typographic = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#') {
                // libuci: an unquoted '#' ends the word and starts a comment, even without a blank.
                break;
            }
            if (c == '\'') {
                singleQuoted(sb);
            } else if (c == '"') {
                doubleQuoted(sb);
            } else if (c == '\\') {
                if (isLineEndAt(pos + 1)) {
                    break;
                }
                pos++;
                if (pos < text.length()) {
                    sb.append(text.charAt(pos++));
                }
            } else {
                typographic |= isTypographic(c);
                sb.append(c);
                pos++;
            }
        }
        return new Word(sb.toString(), startLine, startColumn, line, column(), typographic);
    }

    private void singleQuoted(StringBuilder sb) throws UciParseException {
        int openLine = line;
        int openColumn = column();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '\'') {
            if (text.charAt(pos) == '\n') {
                throw unterminated('\'', openLine, openColumn, sb);
            }
            sb.append(text.charAt(pos++));
        }
        if (pos >= text.length()) {
            throw unterminated('\'', openLine, openColumn, sb);
        }
        pos++;
    }

    private void doubleQuoted(StringBuilder sb) throws UciParseException {
        int openLine = line;
        int openColumn = column();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos);
            if (c == '\n') {
                throw unterminated('"', openLine, openColumn, sb);
            }
            if (c == '\\' && pos + 1 < text.length()) {
                if (isLineEndAt(pos + 1)) {
                    pos++;
                    newline();
                    continue;
                }
                pos++;
                c = text.charAt(pos);
            }
            sb.append(c);
            pos++;
        }
        if (pos >= text.length()) {
            throw unterminated('"', openLine, openColumn, sb);
        }
        pos++;
    }

    private UciParseException unterminated(char quote, int openLine, int openColumn, CharSequence soFar) {
        String lineText = lineText(openLine);
        boolean typographic = lineText.chars().anyMatch(ch -> isTypographic((char) ch));
        String hint = typographic
                ? "; this line holds a typographic quote (\u2018 \u2019 \u201C \u201D), which UCI does not"
                  + " treat as a quote: replace it with " + quote
                : "";
        return new UciParseException(ConfigProblem.at(Severity.ERROR, file, openLine, openColumn,
                "unterminated " + quote + "-quoted string: expected a closing " + quote
                        + " before the end of the line" + hint));
    }

    private String lineText(int lineNo) {
        String[] lines = text.split("\n", -1);
        return lineNo - 1 < lines.length ? lines[lineNo - 1] : "";
    }

    private static boolean isTypographic(char c) {
        return c == LEFT_QUOTE || c == RIGHT_QUOTE || c == LEFT_DQUOTE || c == RIGHT_DQUOTE;
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private boolean isLineEndAt(int i) {
        return i >= text.length() || text.charAt(i) == '\n'
                || (text.charAt(i) == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) == '\n'));
    }

    private void newline() {
        if (pos < text.length() && text.charAt(pos) == '\r') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
        }
        line++;
        lineStart = pos;
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private UciParseException error(Word w, String message) {
        return error(w.line(), w.column(), message);
    }

    private UciParseException error(int atLine, int atColumn, String message) {
        return new UciParseException(ConfigProblem.at(Severity.ERROR, file, atLine, atColumn, message));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
