package net.mwan3.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.lab.Netns;

/**
 * The namespaces behind {@link ProberIT}: a prober namespace with two WAN-like devices and a
 * responder namespace running small servers spawned with {@code ip netns exec}.
 * <pre>
 *  prober: wan0 198.51.100.1/24 2001:db8::1/64 ── lan0 198.51.100.2 (.3 blackholed) 2001:db8::2  :responder
 *          wan1 203.0.113.1/24                 ── 203.0.113.2                                      :other
 * </pre>
 * Responder servers: HTTP on .2:8080 and [::2]:8080, HTTPS on .2:8443, DNS on .2:53 (UDP);
 * nothing listens on :81; TCP :9 and everything to .3 is dropped by nftables.
 */
final class ProbeLab implements AutoCloseable {
    static final String RESPONDER = "198.51.100.2";
    static final String BLACKHOLE = "198.51.100.3";
    static final String RESPONDER6 = "2001:db8::2";

    private static final String DNS_SERVER = String.join("\n",
            "import socket,sys",
            "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind((sys.argv[1],int(sys.argv[2])))",
            "while True:",
            "  d,a=s.recvfrom(512)",
            "  s.sendto(d[:2]+bytes([0x81,0x80])+d[4:6]+bytes(6)+d[12:],a)");
    private static final String HTTPS_SERVER = String.join("\n",
            "import http.server,ssl,sys",
            "h=http.server.HTTPServer((sys.argv[1],int(sys.argv[2])),http.server.SimpleHTTPRequestHandler)",
            "c=ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[3],sys.argv[4])",
            "h.socket=c.wrap_socket(h.socket,server_side=True); h.serve_forever()");

    final Netns netns = new Netns("prb");
    final String prober;
    final String responder;
    final Path dir;

    ProbeLab() throws Exception {
        dir = Files.createTempDirectory("mwan3-probe-it");
        try {
            prober = netns.add("p");
            responder = netns.add("r");
            String other = netns.add("o");
            netns.veth(prober, "wan0", responder, "lan0");
            netns.veth(prober, "wan1", other, "lan1");
            netns.exec(prober, "ip", "addr", "add", "198.51.100.1/24", "dev", "wan0");
            netns.exec(prober, "ip", "-6", "addr", "add", "2001:db8::1/64", "dev", "wan0", "nodad");
            netns.exec(prober, "ip", "addr", "add", "203.0.113.1/24", "dev", "wan1");
            netns.exec(responder, "ip", "addr", "add", RESPONDER + "/24", "dev", "lan0");
            netns.exec(responder, "ip", "addr", "add", BLACKHOLE + "/24", "dev", "lan0");
            netns.exec(responder, "ip", "-6", "addr", "add", RESPONDER6 + "/64", "dev", "lan0", "nodad");
            netns.exec(other, "ip", "addr", "add", "203.0.113.2/24", "dev", "lan1");
            netns.runner(responder).run(java.util.List.of("nft", "-f", "-"), String.join("\n",
                    "table inet blackhole {",
                    "  chain in { type filter hook input priority 0; ip daddr " + BLACKHOLE + " drop; tcp dport 9 drop; }",
                    "}")).orThrow();
            startServers();
        } catch (Exception | AssertionError e) {
            netns.close();
            throw e;
        }
    }

    private void startServers() throws Exception {
        Path log = dir.resolve("servers.log");
        Path web = Files.createDirectories(dir.resolve("www"));
        new ProcessCommandRunner().run(java.util.List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=" + RESPONDER,
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()), null).orThrow();
        netns.spawn(responder, log, "python3", "-m", "http.server", "8080", "--bind", RESPONDER, "--directory", web.toString());
        netns.spawn(responder, log, "python3", "-m", "http.server", "8080", "--bind", RESPONDER6, "--directory", web.toString());
        netns.spawn(responder, log, "python3", "-c", HTTPS_SERVER, RESPONDER, "8443",
                dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString());
        netns.spawn(responder, log, "python3", "-c", DNS_SERVER, RESPONDER, "53");
        awaitListening("-ltn", "8080", 2);
        awaitListening("-ltn", "8443", 1);
        awaitListening("-lun", "53", 1);
    }

    private void awaitListening(String kind, String port, int sockets) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String out = netns.exec(responder, "ss", "-H", kind, "sport = :" + port);
            if (out.lines().filter(l -> !l.isBlank()).count() >= sockets) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server on port " + port + " did not start; see " + dir.resolve("servers.log"));
    }

    /** Packets counted by the nft rule carrying {@code comment} in the prober namespace. */
    long counter(String comment) {
        String rules = netns.exec(prober, "nft", "list", "table", "inet", "probecount");
        Matcher m = Pattern.compile("packets (\\d+) bytes \\d+ comment \"" + comment + "\"").matcher(rules);
        if (!m.find()) {
            throw new AssertionError("no counter " + comment + " in\n" + rules);
        }
        return Long.parseLong(m.group(1));
    }

    void addCounters(String... ruleAndComment) {
        StringBuilder nft = new StringBuilder("table inet probecount {\n chain out { type filter hook output priority 0;\n");
        for (int i = 0; i < ruleAndComment.length; i += 2) {
            nft.append("  ").append(ruleAndComment[i]).append(" counter comment \"").append(ruleAndComment[i + 1]).append("\"\n");
        }
        nft.append(" }\n}\n");
        netns.run(prober, "nft", "delete", "table", "inet", "probecount");
        netns.runner(prober).run(java.util.List.of("nft", "-f", "-"), nft.toString()).orThrow();
    }

    static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        netns.close();
    }
}
