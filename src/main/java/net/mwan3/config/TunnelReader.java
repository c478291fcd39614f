package net.mwan3.config;

import java.util.List;

/** Reads a {@code tunnel} section (extension); returns null after reporting an error. */
final class TunnelReader {

    private TunnelReader() {
    }

    static TunnelConfig read(SectionReader s, List<InterfaceConfig> interfaces) {
        String name = s.section().name();
        if (name == null) {
            s.error(null, "a tunnel section needs a name (it names the TUN device)");
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
        if (s.string("key").length() < 16) {
            s.warn("key", "key shorter than 16 characters; use a long random secret");
        }
        String device = s.has("device") ? s.string("device") : name; // a bad option device: the schema said so
        if (!s.has("device") && device.length() > 15) {
            s.error("device", "the device name defaults to the section name, and '" + device + "' is longer than Linux's"
                    + " 15 characters; set option device");
            ok = false;
        }
        return ok ? new TunnelConfig(name, role, TunnelMode.fromUci(s.string("mode")), paths, peers,
                s.string("listen"), s.string("key"), s.string("address"), s.integer("mtu"), device,
                s.bool("encryption")) : null;
    }
}
