package net.mwan3.ubus.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/** The frames of one recorded connection ({@code src/test/resources/ubus/*.frames}, see its README). */
public record Recorded(String name, List<Frame> frames) {

    /** One frame: {@code toUbusd} is the client's direction; {@code bytes} as recorded. */
    public record Frame(boolean toUbusd, byte[] bytes) {
        public Message message() {
            return Message.decode(bytes);
        }
    }

    public static final List<String> ALL = List.of("netifd", "rpcd", "cli-list", "cli-call-status", "cli-listen",
            "cli-subscribe", "cli-ifdown", "cli-ifup", "cli-dump", "cli-nosuch");

    public static Recorded load(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/ubus/" + name + ".frames")) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            List<Frame> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("> ") || line.startsWith("< ")) {
                    out.add(new Frame(line.charAt(0) == '>', HexFormat.of().parseHex(line.substring(2).strip())));
                }
            }
            return new Recorded(name, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first frame in that direction and of that type whose attributes satisfy {@code p}. */
    public Frame first(boolean toUbusd, MsgType type, Predicate<Attrs> p) {
        for (Frame f : frames) {
            Message m = f.message();
            if (f.toUbusd() == toUbusd && m.type() == type && p.test(m.attrs())) {
                return f;
            }
        }
        throw new AssertionError("no " + (toUbusd ? "> " : "< ") + type + " frame as asked in " + name);
    }

    public Frame first(boolean toUbusd, MsgType type) {
        return first(toUbusd, type, a -> true);
    }
}
