package net.mwan3.config;

import java.util.Base64;
import java.util.List;

/** Reads a {@code tunnel} section (extension); returns null after reporting an error. */
final class TunnelReader {

    private TunnelReader() {
    }

    static TunnelConfig read(SectionReader s, List<InterfaceConfig> interfaces) {
        String name = s.section().name();
        if (name == null) {
            s.error(null, "a tunnel section needs a name (it names the WireGuard device)");
            return null;
        }
        boolean ok = true;
        for (String required : List.of("role", "key")) {
            if (!s.has(required)) {
                s.error(required, "required option missing");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        if (s.string("role") == null) {
            return null; // not client or server: the schema check reported it
        }
        TunnelRole role = TunnelRole.fromUci(s.string("role"));
        List<String> paths = s.list("path");
        List<String> peers = s.list("peer");
        if (role == TunnelRole.CLIENT && (paths.isEmpty() || peers.isEmpty())) {
            s.error(paths.isEmpty() ? "path" : "peer", "a client tunnel needs at least one 'path' and one 'peer'");
            ok = false;
        }
        if (role == TunnelRole.SERVER && !s.has("listen")) {
            s.error("listen", "a server tunnel needs 'listen'");
            ok = false;
        }
        for (String p : paths) {
            if (interfaces.stream().noneMatch(i -> i.name().equals(p))) {
                s.error("path", "refers to interface '" + p + "', which is not an interface section");
                ok = false;
            }
        }
        ok &= key(s, "key", "wg genpsk");
        boolean external = s.has("wireguard");
        if (external) {
            for (String managedOnly : List.of("private_key", "peer_public_key", "address", "mtu", "device")) {
                if (s.has(managedOnly)) {
                    s.error(managedOnly, "'wireguard' names an interface managed elsewhere; set " + managedOnly
                            + " there, not here");
                    ok = false;
                }
            }
        } else {
            for (String required : List.of("private_key", "peer_public_key")) {
                if (!s.has(required)) {
                    s.error(required, "required unless 'wireguard' names an interface managed elsewhere");
                    ok = false;
                }
            }
            ok &= !s.has("private_key") || key(s, "private_key", "wg genkey");
            ok &= !s.has("peer_public_key") || key(s, "peer_public_key", "wg pubkey");
        }
        String device = external ? s.string("wireguard") : s.has("device") ? s.string("device") : name;
        if (!external && !s.has("device") && device.length() > 15) {
            s.error("device", "the device name defaults to the section name, and '" + device + "' is longer than Linux's"
                    + " 15 characters; set option device");
            ok = false;
        }
        String relay = role == TunnelRole.SERVER ? s.string("listen") : peers.isEmpty() ? null : peers.get(0);
        boolean v6 = role == TunnelRole.SERVER ? isV6(relay) : peers.stream().anyMatch(TunnelReader::isV6);
        int mtu = s.has("mtu") ? s.integer("mtu") : v6 ? TunnelConfig.MTU_IPV6 : TunnelConfig.MTU_IPV4;
        int localPort = s.has("local_port") ? s.integer("local_port") : relay == null ? 0 : port(relay) + 1;
        if (localPort <= 0 || localPort > 65535) {
            s.error("local_port", "no default from the relay port; set option local_port");
            ok = false;
        }
        return ok ? new TunnelConfig(name, role, TunnelMode.fromUci(s.string("mode")), paths, peers,
                s.string("listen"), s.string("key").trim(), trimmed(s, "private_key"), trimmed(s, "peer_public_key"),
                s.string("address"), mtu, device, external, localPort) : null;
    }

    /** Whether option {@code option} is exactly 32 bytes in base64, as {@code tool} prints; reports it if not. */
    private static boolean key(SectionReader s, String option, String tool) {
        String v = s.string(option);
        int len;
        try {
            len = Base64.getDecoder().decode(v.trim()).length;
        } catch (IllegalArgumentException e) {
            s.error(option, "not base64; use the output of " + tool + " (32 random bytes)");
            return false;
        }
        if (len != 32) {
            s.error(option, "decodes to " + len + " bytes, not 32; use the output of " + tool);
            return false;
        }
        return true;
    }

    private static String trimmed(SectionReader s, String option) {
        String v = s.string(option);
        return v == null ? null : v.trim();
    }

    private static boolean isV6(String hostPort) {
        return hostPort != null && hostPort.startsWith("[");
    }

    private static int port(String hostPort) {
        try {
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 0; // the schema check reported the bad hostport
        }
    }
}
