package net.mwan3.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's wire format, shared by daemon and CLI. A request is the CLI's arguments
 * joined by the ASCII unit separator and ended by a newline (at most {@link #MAX_REQUEST} bytes).
 * The reply is the exit status as one digit, a newline, then the text to print.
 */
public final class ControlProtocol {
    public static final int MAX_REQUEST = 4096;
    public static final char SEPARATOR = '\u001f';
    public static final String SOCKET = "mwan3.sock";

    private ControlProtocol() {
    }

    public static byte[] request(List<String> args) {
        return (String.join(String.valueOf(SEPARATOR), args) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a request line (without its newline); rejects control characters other than the separator. */
    public static List<String> parse(String line) {
        List<String> args = new ArrayList<>();
        for (String a : line.split(String.valueOf(SEPARATOR), -1)) {
            if (a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("control characters in request");
            }
            args.add(a);
        }
        return args;
    }

    public static byte[] reply(Reply r) {
        return (r.exitCode() + "\n" + r.text()).getBytes(StandardCharsets.UTF_8);
    }
}
