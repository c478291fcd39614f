package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.mwan3.testing.UciFixtures;

class UciParserTest {

    private static UciPackage parse(String text) throws UciParseException {
        return UciParser.parse("test", text);
    }

    private static ConfigProblem failure(String text) {
        return assertThrows(UciParseException.class, () -> parse(text)).problem();
    }

    private static String value(String text, String option) throws UciParseException {
        return parse(text).sections().get(0).option(option).orElseThrow().value();
    }

    @Test
    void namedAndAnonymousSections() throws Exception {
        UciPackage p = parse("config interface 'wan'\nconfig rule\nconfig rule\nconfig interface\n");
        List<UciSection> s = p.sections();
        assertEquals(4, s.size());
        assertEquals("wan", s.get(0).name());
        assertFalse(s.get(0).anonymous());
        assertEquals("interface 'wan'", s.get(0).label());
        assertTrue(s.get(1).anonymous());
        assertNull(s.get(1).name());
        assertEquals("rule @rule[0]", s.get(1).label());
        assertEquals("rule @rule[1]", s.get(2).label());
        assertEquals("interface @interface[1]", s.get(3).label(), "uci's @type[N] counts named sections too");
        assertEquals(List.of(1, 2, 3, 4), s.stream().map(UciSection::line).toList());
        assertEquals(2, p.sectionsOfType("rule").size());
    }

    @Test
    void optionReplacesAndListAppends() throws Exception {
        UciSection s = parse("""
                config interface 'wan'
                \toption enabled '0'
                \toption enabled '1'
                \tlist track_ip '192.0.2.1'
                \tlist track_ip '192.0.2.2'
                """).sections().get(0);
        UciOption enabled = s.option("enabled").orElseThrow();
        assertFalse(enabled.list());
        assertEquals(List.of("1"), enabled.values());
        assertEquals(3, enabled.line());
        assertEquals(2, enabled.column(), "column of the 'option' keyword after one tab");
        UciOption track = s.option("track_ip").orElseThrow();
        assertTrue(track.list());
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), track.values());
        assertEquals("192.0.2.2", track.value());
        assertEquals(List.of("enabled", "track_ip"), s.allOptions().stream().map(UciOption::name).toList());
    }

    @Test
    void optionAfterListReplacesTheList() throws Exception {
        UciOption o = parse("config a 'b'\nlist x '1'\nlist x '2'\noption x '3'\n").sections().get(0)
                .option("x").orElseThrow();
        assertFalse(o.list());
        assertEquals(List.of("3"), o.values());
    }

    @Test
    void quotingStyles() throws Exception {
        String head = "config a 'b'\n";
        assertEquals("plain", value(head + "option x plain", "x"));
        assertEquals("with space", value(head + "option x 'with space'", "x"));
        assertEquals("with space", value(head + "option x \"with space\"", "x"));
        assertEquals("a\\b", value(head + "option x 'a\\b'", "x"), "single quotes are literal");
        assertEquals("a\"b", value(head + "option x \"a\\\"b\"", "x"));
        assertEquals("a\\b", value(head + "option x \"a\\\\b\"", "x"));
        assertEquals("a'b", value(head + "option x \"a'b\"", "x"));
        assertEquals("a b", value(head + "option x a\\ b", "x"), "backslash escapes a blank in a bare word");
        assertEquals("abc", value(head + "option x a'b'\"c\"", "x"), "adjacent pieces join into one word");
        assertEquals("it's", value(head + "option x 'it'\\''s'", "x"));
        assertEquals("", value(head + "option x ''", "x"));
        assertEquals("#not a comment", value(head + "option x '#not a comment'", "x"));
    }

    @Test
    void quotedOptionAndSectionNames() throws Exception {
        UciSection s = parse("config 'rule' 'rule1'\n    option 'proto' 'tcp'\n").sections().get(0);
        assertEquals("rule", s.type());
        assertEquals("rule1", s.name());
        assertEquals("tcp", s.option("proto").orElseThrow().value());
    }

    @Test
    void commentsBlankLinesTabsAndPackage() throws Exception {
        UciPackage p = parse("""
                # leading comment
                package mwan3

                \t# indented comment
                config\tinterface\t'wan'   # trailing comment
                \toption enabled '1' # trailing comment with 'quote
                \toption family ipv4#no blank before the comment

                """);
        assertEquals(1, p.sections().size());
        UciSection s = p.sections().get(0);
        assertEquals(5, s.line());
        assertEquals("1", s.option("enabled").orElseThrow().value());
        assertEquals("ipv4", s.option("family").orElseThrow().value());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void crlfLineEndings() throws Exception {
        UciPackage p = parse("config interface 'wan'\r\n\toption enabled '1'\r\n\r\n# c\r\nconfig rule 'r'\r\n"
                + "\toption proto tcp\r\n");
        assertEquals(2, p.sections().size());
        assertEquals("1", p.sections().get(0).option("enabled").orElseThrow().value());
        assertEquals("tcp", p.sections().get(1).option("proto").orElseThrow().value(), "no stray CR in a bare word");
        assertEquals(5, p.sections().get(1).line());
        assertEquals(6, p.sections().get(1).option("proto").orElseThrow().line());
    }

    @Test
    void lineContinuation() throws Exception {
        UciPackage p = parse("config interface \\\n  'wan'\noption \\\r\n enabled \\\n '1'\nconfig rule 'r'\n"
                + "option x \"a\\\nb\"\n");
        UciSection wan = p.sections().get(0);
        assertEquals("wan", wan.name());
        assertEquals("1", wan.option("enabled").orElseThrow().value());
        UciSection r = p.sections().get(1);
        assertEquals(6, r.line(), "continued lines still count");
        assertEquals("ab", r.option("x").orElseThrow().value(), "backslash-newline inside double quotes joins");
    }

    @Test
    void optionBeforeConfig() {
        ConfigProblem p = failure("# header\n  option enabled '1'\n");
        assertEquals(Severity.ERROR, p.severity());
        assertEquals("test", p.file());
        assertEquals(2, p.line());
        assertEquals(3, p.column());
        assertTrue(p.message().contains("before any 'config'"), p.message());
    }

    @Test
    void tooManyArguments() {
        ConfigProblem p = failure("config interface 'wan'\noption enabled '1' '2'\n");
        assertEquals(2, p.line());
        assertEquals(20, p.column(), "points at the extra word");
        assertTrue(p.message().startsWith("too many arguments"), p.message());
        assertEquals(1, failure("config a b c\n").line());
        assertEquals(12, failure("config a b c\n").column());
        assertTrue(failure("package a b\n").message().contains("too many"));
    }

    @Test
    void tooFewArguments() {
        ConfigProblem p = failure("config interface 'wan'\n\toption 'enabled'\n");
        assertEquals(2, p.line());
        assertEquals(18, p.column(), "just after the last word, closing quote included");
        assertTrue(p.message().startsWith("missing argument: expected 'option <name> 'value''"), p.message());
        assertTrue(failure("config\n").message().contains("config <type>"));
        assertTrue(failure("config a 'b'\nlist x\n").message().contains("list <name> 'value'"));
        assertTrue(failure("package\n").message().contains("missing argument"));
    }

    @Test
    void unterminatedQuotesGiveWhereTheyOpened() {
        ConfigProblem single = failure("config a 'b'\n\toption x 'abc\n\toption y 'z'\n");
        assertEquals(2, single.line());
        assertEquals(11, single.column());
        assertTrue(single.message().startsWith("unterminated '-quoted string"), single.message());
        assertFalse(single.message().contains("typographic"));

        ConfigProblem dbl = failure("config a 'b'\noption x \"abc");
        assertEquals(2, dbl.line());
        assertEquals(10, dbl.column());
        assertTrue(dbl.message().startsWith("unterminated \"-quoted string"), dbl.message());

        ConfigProblem atEof = failure("config a 'b");
        assertEquals(1, atEof.line());
        assertEquals(10, atEof.column());
        assertEquals("test:1:10: error: unterminated '-quoted string: expected a closing ' before the end of the line",
                atEof.toString());
    }

    @Test
    void typographicQuoteHintOnTheYoutubeSeed() {
        UciParseException e = assertThrows(UciParseException.class,
                () -> UciParser.parse("mwan3", UciFixtures.text(UciFixtures.TYPO_SEED)));
        ConfigProblem p = e.problem();
        assertEquals(Severity.ERROR, p.severity());
        assertEquals("mwan3", p.file());
        assertEquals(2, p.line(), "option sticky \u20181' is line 2");
        assertEquals(21, p.column(), "the plain ' after \u20181 opens a quote that never closes");
        assertTrue(p.message().contains("typographic quote"), p.message());
        assertTrue(e.getMessage().startsWith("mwan3:2:21: error: "), e.getMessage());
    }

    @Test
    void typographicQuoteHintOnTooManyArguments() {
        ConfigProblem p = failure("config rule 'r'\noption x \u2018a b\u2019\n");
        assertTrue(p.message().startsWith("too many arguments"), p.message());
        assertTrue(p.message().contains("typographic quote"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"config inter.face 'wan'", "config interface 'w-an'", "config interface 'wan 1'",
        "config a 'b'\noption en.abled 1", "config a 'b'\noption '' 1", "config '' 'b'", "config a ''"})
    void invalidNameCharacters(String text) {
        ConfigProblem p = failure(text + "\n");
        assertTrue(p.message().contains("name"), p.message());
        assertEquals(Severity.ERROR, p.severity());
    }

    @Test
    void invalidNameReportsCharacterAndTypographicHint() {
        ConfigProblem p = failure("config interface \u2018wan\u2019\n");
        assertEquals(1, p.line());
        assertEquals(18, p.column());
        assertTrue(p.message().contains("invalid character '\u2018'"), p.message());
        assertTrue(p.message().contains("typographic quote"), p.message());
    }

    @Test
    void typeNamesMayContainDashes() throws Exception {
        assertEquals("my-type", parse("config my-type 'x'\n").sections().get(0).type());
    }

    @Test
    void privoxyTrailingProseIsAWarningNotAnError() throws Exception {
        UciPackage p = UciParser.parse("mwan3", UciFixtures.text("seed-privoxy.mwan3"));
        assertEquals(8, p.sections().size());
        assertEquals(1, p.warnings().size(), p.warnings().toString());
        ConfigProblem w = p.warnings().get(0);
        assertEquals(Severity.WARNING, w.severity());
        assertEquals(35, w.line());
        assertEquals(1, w.column());
        assertTrue(w.message().startsWith("'The' is not a UCI statement"), w.message());
        UciSection rule3 = p.sections().get(7);
        assertEquals("rule3", rule3.name());
        assertEquals(2, rule3.options().size(), "the prose adds nothing to the last section");
    }

    @Test
    void everyRealFileParses() throws Exception {
        for (String f : UciFixtures.VALID_SEEDS) {
            assertFalse(UciParser.parse(f, UciFixtures.text(f)).sections().isEmpty(), f);
        }
        UciPackage def = UciParser.parse("mwan3", UciFixtures.text(UciFixtures.DEFAULT));
        assertEquals(23, def.sections().size());
        assertTrue(def.warnings().isEmpty());
    }

    @Test
    void emptyAndCommentOnlyFiles() throws Exception {
        assertTrue(parse("").sections().isEmpty());
        assertTrue(parse("\n\n# nothing\n   \t\n").sections().isEmpty());
        assertTrue(parse("\\").sections().isEmpty(), "a lone continuation at the end of the file");
    }
}
