package net.mwan3.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading and writing JSON text. Jackson's data binding (test scope only) is the reference for the
 * text: the daemon printed its trees with it before, and {@code status --json} and ubus answers are
 * an outside contract, so the same tree must give the same bytes.
 */
class JsonTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();

    private static final List<String> SAMPLES = List.of(
            "{}", "[]", "{\"a\":{},\"b\":[]}", "[[],[[]],{\"x\":[1,2,3]}]",
            "{\"interfaces\":{\"wan\":{\"age\":3,\"up\":true,\"status\":\"online\",\"track_ip\":[{\"ip\":\"8.8.8.8\","
                    + "\"latency\":12,\"packetloss\":0}]}},\"connected\":{\"ipv4\":[\"10.0.0.0/8\"],\"ipv6\":[]}}",
            "{\"loss\":0.0125,\"nothing\":null,\"no\":false,\"neg\":-42,\"exp\":1e3,\"small\":1.0E-7,\"one\":1.0}",
            "{\"max\":9223372036854775807,\"min\":-9223372036854775808}",
            "[\"quote \\\" backslash \\\\ slash / tab \\t newline \\n nul \\u0000 del \\u007f\"]",
            "[\"\\u00e9t\\u00e9 \\ud83d\\ude00 \\u2028\"]",
            "{\"nested\":[{\"a\":[{\"b\":[{\"c\":[]}]}]}],\"after\":\"x\"}");

    @Test
    void compactAndPrettyTextAreJacksonsByteForByte() throws Exception {
        for (String text : SAMPLES) {
            JsonValue ours = Json.parse(text);
            var theirs = DATABIND.readTree(text);
            assertEquals(DATABIND.writeValueAsString(theirs), Json.write(ours), text);
            assertEquals(theirs.toPrettyString(), Json.writePretty(ours), text);
            assertEquals(Json.write(ours), ours.toString());
            assertEquals(ours, Json.parse(Json.write(ours)), "round trip of " + text);
            assertEquals(ours, Json.parse(Json.writePretty(ours).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void treesBuiltInCodeWriteAsJacksonWroteThem() throws Exception {
        JsonObject o = new JsonObject().put("s", "x").put("n", 7).put("l", 1L << 40).put("d", 0.5)
                .put("b", true).put("absent", (String) null).putNull("z");
        o.putArray("a").add("v").add(3).addObject().put("k", -1.0);
        o.putObject("empty");
        var theirs = DATABIND.createObjectNode().put("s", "x").put("n", 7).put("l", 1L << 40).put("d", 0.5)
                .put("b", true).put("absent", (String) null).putNull("z");
        theirs.putArray("a").add("v").add(3).addObject().put("k", -1.0);
        theirs.putObject("empty");
        assertEquals(DATABIND.writeValueAsString(theirs), Json.write(o));
        assertEquals(theirs.toPrettyString(), Json.writePretty(o));
    }

    @Test
    void integersStayExactAndRealsStayReal() {
        JsonValue v = Json.parse("{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"one\":1.0,"
                + "\"exp\":2e2,\"int\":3}");
        assertEquals(new JsonInteger(Long.MAX_VALUE), v.get("max"));
        assertEquals(new JsonInteger(Long.MIN_VALUE), v.get("min"));
        assertEquals(new JsonReal(1.0), v.get("one"));
        assertEquals(new JsonReal(200.0), v.get("exp"));
        assertEquals(new JsonInteger(3), v.get("int"));
        assertNotEquals(v.get("int"), new JsonReal(3.0), "3 and 3.0 are different values, printed differently");
        assertEquals("{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"one\":1.0,\"exp\":200.0,\"int\":3}",
                Json.write(v));
    }

    /** Databind kept these exact as BigInteger; nothing mwan3 reads carries them, so they become doubles. */
    @Test
    void anIntegerBeyondSixtyFourBitsIsReadAsADouble() {
        JsonValue big = Json.parse("18446744073709551616");
        assertEquals(new JsonReal(18446744073709551616.0), big);
        assertEquals("1.8446744073709552E19", Json.write(big));
        assertEquals(Long.MAX_VALUE, big.asLong(0), "a cast clamps");
    }

    @Test
    void escapesAreDecodedAndOnlyControlCharactersAndQuotesAreEscapedOnOutput() {
        JsonValue v = Json.parse("\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"");
        assertEquals(new JsonString("\u00e9\ud83d\ude00\n\"/"), v);
        assertEquals("\"\u00e9\ud83d\ude00\\n\\\"/\"", Json.write(v));
        assertEquals("\"\\u0001\"", Json.write(new JsonString("\u0001")));
        assertEquals(new JsonString("\u00e9"), Json.parse("\"\u00e9\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPlaceAndTheLastValue() {
        JsonValue v = Json.parse("{\"a\":1,\"b\":2,\"a\":3}");
        assertEquals("{\"a\":3,\"b\":2}", Json.write(v));
    }

    @Test
    void nestingIsBounded() {
        assertEquals(Json.MAX_DEPTH, depth(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))));
        JsonFormatException e = assertThrows(JsonFormatException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
        assertThrows(JsonFormatException.class, () -> Json.parse("{\"a\":".repeat(100_000)),
                "100,000 levels: a clear error, no StackOverflowError");
    }

    private static int depth(JsonValue v) {
        return v instanceof JsonArray a ? 1 + (a.size() == 0 ? 0 : depth(a.elements().get(0))) : 0;
    }

    @Test
    void contentAfterTheValueIsRefused() {
        for (String text : List.of("{} x", "{}{}", "1 2", "[1]]", "\"a\" \"b\"", "null,")) {
            assertThrows(JsonFormatException.class, () -> Json.parse(text), text);
        }
        assertEquals(JsonNull.NULL, Json.parse(" null \n"), "whitespace around the value is fine");
    }

    @Test
    void malformedTextIsOneClearException() {
        for (String text : List.of("", "   ", "{", "[1,", "{\"a\":}", "[1,]", "nul", "'a'", "{a:1}", "\"open",
                "01", "NaN", "[1 2]", "{\"a\" 1}", "\"\\x\"", "\"tab\tinside\"")) {
            JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parse(text), text);
            assertTrue(e.getMessage().contains("JSON"), e.getMessage());
        }
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parse("{\n  \"a\": ?}"));
        assertTrue(e.getMessage().contains("line 2"), "says where: " + e.getMessage());
        assertThrows(JsonFormatException.class, () -> Json.parse(new byte[] {'"', (byte) 0xff, '"'}),
                "invalid UTF-8");
    }

    @Test
    void accessorsAnswerForEveryKindWithTheirDefaults() {
        JsonValue v = Json.parse("{\"s\":\"12\",\"t\":\" 2.5 \",\"w\":\"word\",\"n\":7,\"d\":2.75,\"b\":true,"
                + "\"z\":null,\"a\":[1,\"x\"],\"o\":{\"k\":\"v\"}}");
        assertEquals(JsonNull.NULL, v.get("missing"));
        assertEquals(JsonNull.NULL, v.get("missing").get("deeper"), "a path through nothing is nothing");
        assertEquals(JsonNull.NULL, v.get("n").get("k"));
        assertTrue(v.has("z") && !v.has("missing") && !v.get("n").has("k"));
        assertEquals("dflt", v.get("missing").asText("dflt"));
        assertEquals("dflt", v.get("z").asText("dflt"));
        assertEquals("", v.get("missing").asText());
        assertEquals("7", v.get("n").asText("dflt"));
        assertEquals("2.75", v.get("d").asText());
        assertEquals("true", v.get("b").asText());
        assertEquals("", v.get("o").asText("dflt"), "a container has no text");
        assertEquals(12, v.get("s").asLong(-1));
        assertEquals(2, v.get("t").asLong(-1));
        assertEquals(2.5, v.get("t").asDouble(-1));
        assertEquals(-1, v.get("w").asLong(-1));
        assertEquals(-1, v.get("missing").asInt(-1));
        assertEquals(2, v.get("d").asInt(0));
        assertEquals(1, v.get("b").asInt(0));
        assertEquals(7.0, v.get("n").asDouble(0));
        assertEquals(-1.0, v.get("w").asDouble(-1), "a word is no number");
        assertEquals(-1.0, new JsonString("Infinity").asDouble(-1));
        assertTrue(v.get("b").asBoolean(false) && v.get("n").asBoolean(false));
        assertTrue(new JsonString("true").asBoolean(false) && v.get("missing").asBoolean(true));
        assertEquals(2, v.get("a").size());
        assertEquals(List.of(new JsonInteger(1), new JsonString("x")), v.get("a").elements());
        assertEquals(List.of(), v.get("o").elements(), "an object has members, not elements");
        assertEquals(List.of("k"), List.copyOf(v.get("o").members().keySet()));
        assertEquals(0, v.get("s").size());
    }

    @Test
    void treesCompareByValue() {
        JsonObject built = new JsonObject().put("a", 1).put("b", "x");
        built.putArray("c").add("y");
        assertEquals(Json.parse("{\"a\":1,\"b\":\"x\",\"c\":[\"y\"]}"), built);
        assertEquals(Json.parse("{\"a\":1,\"b\":\"x\",\"c\":[\"y\"]}").hashCode(), built.hashCode());
        assertNotEquals(Json.parse("[1,2]"), Json.parse("[2,1]"));
        assertEquals(JsonNull.NULL, new JsonArray().add((String) null).elements().get(0));
        assertThrows(UnsupportedOperationException.class, () -> built.members().clear(), "read through put only");
    }
}
