package net.mwan3.tunnel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import net.mwan3.sys.LibC;

/**
 * The attacker of {@link TunnelAttackIT}, run in a namespace with {@code ip netns exec}; it has no key.
 * <ul>
 * <li>{@code record FILE MILLIS}: every UDP datagram to or from port 7000 seen on any interface of the namespace
 *     (an AF_PACKET socket: what a tap on the path sees), one line each: {@code src sport dst dport hex};
 * <li>{@code replay FILE own|spoof REPEAT}: sends the recording again, REPEAT times: {@code own} from a socket of
 *     its own (datagrams that went to port 7000 only), then listens 1 s for anything coming back; {@code spoof}
 *     from the original source (a raw socket), both directions;
 * <li>{@code random HOST PORT COUNT}: COUNT random datagrams (half well-formed headers of the right length, so
 *     only the MAC can refuse them), then listens 1 s.
 * </ul>
 * Prints {@code sent N received M}.
 */
public final class AttackTool {
    private static final LibC C = LibC.INSTANCE;

    private AttackTool() {
    }

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "record" -> record(Path.of(a[1]), Long.parseLong(a[2]));
            case "replay" -> replay(Path.of(a[1]), a[2].equals("spoof"), Integer.parseInt(a[3]));
            case "random" -> random(new InetSocketAddress(InetAddress.getByName(a[1]), Integer.parseInt(a[2])),
                    Integer.parseInt(a[3]));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    private static void record(Path file, long millis) throws IOException {
        int fd = C.socket(17 /* AF_PACKET */, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK, 0x0300 /* htons(ETH_P_ALL) */);
        if (fd < 0) {
            throw new IOException("AF_PACKET: " + LibC.lastError());
        }
        byte[] buf = new byte[65536];
        byte[] sa = new byte[32];
        byte[] pfd = new byte[8];
        ByteBuffer pv = ByteBuffer.wrap(pfd).order(ByteOrder.nativeOrder());
        pv.putInt(0, fd).putShort(4, (short) LibC.POLLIN);
        List<String> lines = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000L;
        HexFormat hex = HexFormat.of();
        while (System.nanoTime() < end) {
            C.poll(pfd, 1, 50);
            long n;
            while ((n = C.recvfrom(fd, buf, buf.length, 0, sa, new int[] {sa.length})) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n);
                if ((buf[0] >> 4) != 4 || buf[9] != 17) {
                    continue;
                }
                int ihl = (buf[0] & 15) * 4;
                int sport = b.getShort(ihl) & 0xFFFF;
                int dport = b.getShort(ihl + 2) & 0xFFFF;
                int udpLen = Math.min(b.getShort(ihl + 4) & 0xFFFF, (int) n - ihl);
                if (sport != 7000 && dport != 7000 || udpLen <= 8) {
                    continue;
                }
                String src = InetAddress.getByAddress(java.util.Arrays.copyOfRange(buf, 12, 16)).getHostAddress();
                String dst = InetAddress.getByAddress(java.util.Arrays.copyOfRange(buf, 16, 20)).getHostAddress();
                lines.add(src + " " + sport + " " + dst + " " + dport + " "
                        + hex.formatHex(buf, ihl + 8, ihl + udpLen));
            }
        }
        C.close(fd);
        Files.write(file, lines, StandardCharsets.US_ASCII);
        System.out.println("recorded " + lines.size());
    }

    private record Datagram(byte[] src, int sport, byte[] dst, int dport, byte[] payload) {
    }

    private static List<Datagram> read(Path file) throws IOException {
        List<Datagram> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] f = line.split(" ");
            out.add(new Datagram(InetAddress.getByName(f[0]).getAddress(), Integer.parseInt(f[1]),
                    InetAddress.getByName(f[2]).getAddress(), Integer.parseInt(f[3]), HexFormat.of().parseHex(f[4])));
        }
        return out;
    }

    private static void replay(Path file, boolean spoof, int repeat) throws Exception {
        List<Datagram> ds = read(file);
        int sent = 0;
        if (spoof) {
            int fd = C.socket(LibC.AF_INET, LibC.SOCK_RAW, 255 /* IPPROTO_RAW: we write the IP header */);
            if (fd < 0) {
                throw new IOException("raw socket: " + LibC.lastError());
            }
            for (int r = 0; r < repeat; r++) {
                for (Datagram d : ds) {
                    byte[] p = ipUdp(d);
                    byte[] to = net.mwan3.tunnel.io.PathSocket.encode(
                            new InetSocketAddress(InetAddress.getByAddress(d.dst()), d.dport()));
                    sent += C.sendto(fd, p, p.length, 0, to, to.length) == p.length ? 1 : 0;
                    pace(sent);
                }
            }
            C.close(fd);
            System.out.println("sent " + sent + " received 0");
            return;
        }
        try (DatagramSocket s = new DatagramSocket(0)) {
            for (int r = 0; r < repeat; r++) {
                for (Datagram d : ds) {
                    if (d.dport() == 7000) {
                        s.send(new DatagramPacket(d.payload(), d.payload().length,
                                InetAddress.getByAddress(d.dst()), d.dport()));
                        sent++;
                        pace(sent);
                    }
                }
            }
            System.out.println("sent " + sent + " received " + listen(s));
        }
    }

    private static void random(InetSocketAddress to, int count) throws Exception {
        Random rnd = new Random();
        try (DatagramSocket s = new DatagramSocket(0)) {
            for (int i = 0; i < count; i++) {
                byte[] b;
                if (i % 2 == 0) {
                    // a well-formed header of a real type and its exact length: only the MAC can refuse it
                    int type = 1 + rnd.nextInt(5);
                    int payload = switch (type) {
                        case 1 -> 1 + rnd.nextInt(150);
                        case 5 -> 40;
                        default -> 32;
                    };
                    b = new byte[28 + payload + 16];
                    rnd.nextBytes(b);
                    b[0] = (byte) (0x20 | type);
                    b[1] = (byte) rnd.nextInt(2);
                    b[2] = 0;
                    b[3] = 0;
                } else {
                    b = new byte[1 + rnd.nextInt(200)];
                    rnd.nextBytes(b);
                }
                s.send(new DatagramPacket(b, b.length, to));
                pace(i + 1);
            }
            System.out.println("sent " + count + " received " + listen(s));
        }
    }

    /** About 20 k datagrams per second: "at rate", without starving the real traffic's CPU on a shared box. */
    private static void pace(int sent) throws InterruptedException {
        if (sent % 100 == 0) {
            Thread.sleep(5);
        }
    }

    private static int listen(DatagramSocket s) throws IOException {
        s.setSoTimeout(200);
        int received = 0;
        long end = System.nanoTime() + 1_000_000_000L;
        byte[] buf = new byte[65536];
        while (System.nanoTime() < end) {
            try {
                s.receive(new DatagramPacket(buf, buf.length));
                received++;
            } catch (SocketTimeoutException e) {
                // nothing within 200 ms: keep listening until the second is over
                continue;
            }
        }
        return received;
    }

    /** IPv4 + UDP (checksum 0: optional over IPv4) around the payload, from its original source. */
    private static byte[] ipUdp(Datagram d) {
        int len = 28 + d.payload().length;
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put((byte) 0x45).put((byte) 0).putShort((short) len).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(d.src()).put(d.dst());
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += b.getShort(i) & 0xFFFF;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        b.putShort(10, (short) ~sum);
        b.putShort((short) d.sport()).putShort((short) d.dport()).putShort((short) (8 + d.payload().length))
                .putShort((short) 0).put(d.payload());
        return b.array();
    }
}
