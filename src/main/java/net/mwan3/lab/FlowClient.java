package net.mwan3.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The lab's LAN client: opens {@code count} new TCP connections to a {@link SourceEchoServer}, each
 * a new connection (so each is classified anew), optionally from a given local address and port,
 * and prints one line per connection: the address the server saw, or {@code fail <reason>}.
 *
 * <p>Usage: {@code FlowClient <server> <port> <count> [<source-address> [<source-port>]]}.
 */
public final class FlowClient {

    private FlowClient() {
    }

    public static void main(String[] args) {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        String source = args.length > 3 ? args[3] : null;
        int sourcePort = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(once(server, source, sourcePort)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    static String once(InetSocketAddress server, String source, int sourcePort) {
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            if (source != null) {
                s.bind(new InetSocketAddress(InetAddress.getByName(source), sourcePort));
            }
            s.connect(server, 2000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            String seen = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            return seen.isEmpty() ? "fail empty" : seen;
        } catch (IOException e) {
            return "fail " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
