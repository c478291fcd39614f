package net.mwan3.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The lab's "internet" server: answers every TCP connection and UDP datagram with the source
 * address it saw, so a test knows which WAN (whose masquerade address) a flow left by. Bound to one
 * exact address (a server bound to 0.0.0.0 answers UDP from the outgoing interface's address).
 *
 * <p>Usage: {@code SourceEchoServer <address> <port>}; runs until killed.
 */
public final class SourceEchoServer {

    private SourceEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress addr = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        Thread udp = new Thread(() -> udp(addr, port), "udp");
        udp.setDaemon(true);
        udp.start();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(addr, port), 512);
            System.out.println("listening " + args[0] + " " + port);
            System.out.flush();
            while (true) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write((s.getInetAddress().getHostAddress() + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    System.out.println("tcp: " + e.getMessage());
                }
            }
        }
    }

    private static void udp(InetAddress addr, int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addr, port))) {
            byte[] buf = new byte[2048];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                byte[] reply = (p.getAddress().getHostAddress() + "\n").getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            }
        } catch (IOException e) {
            System.out.println("udp: " + e.getMessage());
        }
    }
}
