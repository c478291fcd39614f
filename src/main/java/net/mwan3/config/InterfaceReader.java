package net.mwan3.config;

import net.mwan3.model.Family;

/** Reads one {@code interface} section into an {@link InterfaceConfig}. */
final class InterfaceReader {

    private InterfaceReader() {
    }

    static InterfaceConfig read(SectionReader s, int id, DeviceResolver devices, boolean trafficDefault) {
        String name = s.section().name();
        boolean enabled = s.bool("enabled");
        if (name == null) {
            s.warn(null, "anonymous interface: mwan3 needs the netifd interface name as section name; it keeps id "
                    + id + " but is treated as disabled");
            name = "@interface[" + (id - 1) + "]";
            enabled = false;
        }
        String device = s.string("device");
        if (device == null) {
            device = devices.fromNetwork(name).orElse(name);
            if (enabled && !devices.valid(device) && !devices.inNetwork(name)) {
                s.warn(null, "no device: the network file has no interface '" + name + "' and '" + name
                        + "' is too long for a Linux device name, so the interface stays down; set option device");
            }
        }
        Family family = Family.fromUci(s.string("family"));
        return new InterfaceConfig(name, id, enabled, device, family, InitialState.fromUci(s.string("initial_state")),
                tracking(s, family, trafficDefault), Mwan3ConfigReader.flushActions(s.list("flush_conntrack")));
    }

    private static Tracking tracking(SectionReader s, Family family, boolean trafficDefault) {
        var trackIps = s.list("track_ip");
        TrackMethod method = TrackMethod.fromUci(s.string("track_method"));
        if (!method.builtIn()) {
            s.warn("track_method", "'" + method + "' is not built in yet; using ping, as mwan3 does when a tool is"
                    + " missing");
            method = TrackMethod.PING;
        }
        int reliability = s.integer("reliability");
        if (!trackIps.isEmpty() && reliability > trackIps.size()) {
            s.warn("reliability", "reliability " + reliability + " is more than the " + trackIps.size()
                    + " track_ip target(s), so the interface could never be online; clamped to " + trackIps.size());
            reliability = trackIps.size();
        }
        for (String ip : trackIps) {
            var addr = net.mwan3.model.IpAddress.parse(ip);
            if (addr.isPresent() && addr.get().family() != family) {
                s.warn("track_ip", "target " + ip + " is " + addr.get().family() + " but the interface is " + family
                        + "; probes to it will fail");
            }
        }
        Quality quality = new Quality(s.integer("failure_latency"), s.integer("failure_loss"),
                s.integer("recovery_latency"), s.integer("recovery_loss"));
        if (quality.recoveryLatency() > quality.failureLatency() || quality.recoveryLoss() > quality.failureLoss()) {
            s.warn("check_quality", "recovery thresholds are above the failure thresholds; a target between them"
                    + " counts as failed");
        }
        return new Tracking(trackIps, method, s.integer("track_port"), s.bool("httping_ssl"), reliability,
                s.integer("count"), s.integer("size"), s.integer("max_ttl"), s.seconds("timeout"),
                s.seconds("interval"), s.seconds("failure_interval"), s.seconds("recovery_interval"),
                s.bool("keep_failure_interval"), s.bool("check_quality"), quality, s.integer("up"), s.integer("down"),
                s.has("traffic_detection") ? s.bool("traffic_detection") : trafficDefault);
    }
}
