package net.mwan3.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded netlink exchange from {@code src/test/resources/netlink} (see record.sh there): the
 * datagrams one iproute2 or conntrack command read from, or sent to, the kernel.
 */
final class Recording {

    private Recording() {
    }

    /** Every datagram of {@code name}.hex. */
    static List<byte[]> datagrams(String name) {
        try (InputStream in = Recording.class.getResourceAsStream("/netlink/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            List<byte[]> out = new ArrayList<>();
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.equals("--")) {
                    out.add(bytes(hex));
                    hex.setLength(0);
                } else {
                    hex.append(line.replace(" ", ""));
                }
            }
            if (hex.length() > 0) {
                out.add(bytes(hex));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message of every datagram of {@code name}.hex, in order. */
    static List<NlMessage> messages(String name) {
        List<NlMessage> out = new ArrayList<>();
        for (byte[] d : datagrams(name)) {
            out.addAll(NlMessage.parseAll(d, d.length));
        }
        return out;
    }

    private static byte[] bytes(CharSequence hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.subSequence(2 * i, 2 * i + 2).toString(), 16);
        }
        return b;
    }
}
