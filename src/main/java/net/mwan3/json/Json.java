package net.mwan3.json;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

/**
 * JSON text to {@link JsonValue} trees and back, over jackson-core's streaming parser and
 * generator: the same tokenizer, escaping and number text as the data binding the daemon used
 * before, without its thousand classes. Reading takes exactly one value (trailing content is an
 * error), lets a repeated key's last value win, and bounds the nesting, since nft's and netifd's
 * output and ubus peers are outside input.
 */
public final class Json {
    /** Deeper than anything nft, netifd or a status tree nests; a hostile text cannot exhaust the stack. */
    public static final int MAX_DEPTH = 64;
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** The one value in {@code text}. */
    public static JsonValue parse(String text) {
        return read(() -> FACTORY.createParser(text));
    }

    /** The one value in {@code utf8}. */
    public static JsonValue parse(byte[] utf8) {
        return read(() -> FACTORY.createParser(utf8));
    }

    /** Opens a parser over the text to read (a string or UTF-8 bytes). */
    private interface Source {
        JsonParser open() throws IOException;
    }

    private static JsonValue read(Source source) {
        try (JsonParser p = source.open()) {
            return parse(p);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new JsonFormatException("unreadable JSON: " + e.getMessage());
        }
    }

    /** Compact text: {@code {"a":1,"b":[true,null]}}. */
    public static String write(JsonValue v) {
        return write(v, false);
    }

    /**
     * Indented text as Jackson's default pretty printer lays it out ({@code "a" : 1}, two spaces per
     * level, {@code [ 1, 2 ]} arrays of scalars on one line), without a final newline.
     */
    public static String writePretty(JsonValue v) {
        return write(v, true);
    }

    private static JsonValue parse(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new JsonFormatException("no JSON value in the text");
        }
        JsonValue v = value(p, first, 0);
        if (p.nextToken() != null) {
            throw new JsonFormatException("content after the JSON value at " + where(p));
        }
        return v;
    }

    private static JsonValue value(JsonParser p, JsonToken t, int depth) throws IOException {
        if (t == null) {
            throw new JsonFormatException("JSON text ends inside a value");
        }
        switch (t) {
            case START_OBJECT -> {
                nest(p, depth);
                JsonObject o = new JsonObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    o.put(key, value(p, p.nextToken(), depth + 1));
                }
                return o;
            }
            case START_ARRAY -> {
                nest(p, depth);
                JsonArray a = new JsonArray();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e, depth + 1));
                }
                return a;
            }
            case VALUE_STRING -> {
                return new JsonString(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? new JsonReal(p.getDoubleValue())
                        : new JsonInteger(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new JsonReal(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return JsonBoolean.TRUE;
            }
            case VALUE_FALSE -> {
                return JsonBoolean.FALSE;
            }
            case VALUE_NULL -> {
                return JsonNull.NULL;
            }
            default -> throw new JsonFormatException("unexpected " + t + " at " + where(p));
        }
    }

    private static void nest(JsonParser p, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new JsonFormatException("JSON nested deeper than " + MAX_DEPTH + " at " + where(p));
        }
    }

    private static String where(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    private static JsonFormatException malformed(JsonProcessingException e) {
        String at = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new JsonFormatException("malformed JSON" + at + ": " + e.getOriginalMessage());
    }

    private static String write(JsonValue v, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, v);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonValue v) throws IOException {
        if (v instanceof JsonObject o) {
            g.writeStartObject();
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof JsonArray a) {
            g.writeStartArray();
            for (JsonValue e : a.elements()) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof JsonString s) {
            g.writeString(s.value());
        } else if (v instanceof JsonInteger n) {
            g.writeNumber(n.value());
        } else if (v instanceof JsonReal n) {
            g.writeNumber(n.value());
        } else if (v instanceof JsonBoolean b) {
            g.writeBoolean(b.value());
        } else {
            g.writeNull();
        }
    }
}
