package net.mwan3.probe;

import net.mwan3.sys.LibC;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three things mwan3's sockopt wrapper forces onto every probe socket: SO_BINDTODEVICE (only
 * routes through that device match), SO_MARK (MMX_DEFAULT, so no mwan3 ip rule catches the probe
 * and the main table decides) and the WAN's source address. Also the key under which the ICMP
 * prober reuses sockets.
 *
 * @param device device name or null
 * @param mark   SO_MARK, 0 for none
 * @param source source address or null
 */
record SocketBinding(String device, int mark, InetAddress source) {

    static SocketBinding of(ProbeTarget t) {
        return new SocketBinding(t.device(), t.mark(), t.source());
    }

    /** Sets device and mark on {@code fd}; the caller binds the source (the port differs). */
    void applyOptions(int fd) {
        LibC c = LibC.INSTANCE;
        if (device != null && !device.isEmpty()) {
            byte[] name = Arrays.copyOf(device.getBytes(StandardCharsets.US_ASCII), device.length() + 1);
            if (c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length) != 0) {
                throw new ProbeSetupException("SO_BINDTODEVICE " + device + ": " + LibC.lastError());
            }
        }
        if (mark != 0) {
            byte[] v = SockAddr.intOption(mark);
            if (c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, v, v.length) != 0) {
                throw new ProbeSetupException("SO_MARK 0x" + Integer.toHexString(mark) + ": " + LibC.lastError());
            }
        }
    }

    /** Binds {@code fd} to the source address (port 0) if one is set. */
    void bindSource(int fd) {
        if (source == null) {
            return;
        }
        byte[] sa = SockAddr.encode(source, 0);
        if (LibC.INSTANCE.bind(fd, sa, sa.length) != 0) {
            throw new ProbeSetupException("bind " + source.getHostAddress() + ": " + LibC.lastError());
        }
    }
}
