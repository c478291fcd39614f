package net.mwan3.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a name becomes a Linux device on a host without netifd, for interface sections and rules'
 * {@code src_iface} alike: the interface's own {@code option device}, else the network file's
 * interface of that name ({@code option device}, or the first word of the older {@code ifname}),
 * else a device of that name. Every device it returns fits the schema's {@code device} type: a
 * network-file value that does not is an error located in the network file (it is checked only
 * here, because netifd accepts values such as {@code @wan} that mwan3 never uses).
 */
final class DeviceResolver {
    private final UciPackage network;
    private final OptionType deviceType;
    private final Map<String, UciSection> networkInterfaces = new HashMap<>();
    private final Map<String, Optional<String>> fromNetwork = new HashMap<>();
    private final List<ConfigProblem> problems;

    /** {@code network} may be null (plain Linux without netifd's file). */
    DeviceResolver(UciPackage network, Schema mwan3Schema, List<ConfigProblem> problems) {
        this.network = network;
        this.deviceType = mwan3Schema.type("device");
        this.problems = problems;
        if (network != null) {
            for (UciSection s : network.sectionsOfType("interface")) {
                if (s.name() != null) {
                    networkInterfaces.put(s.name(), s);
                }
            }
        }
    }

    /** Whether {@code device} fits the schema's device type. */
    boolean valid(String device) {
        return device != null && deviceType.check(device) == null;
    }

    /**
     * The network file's device for interface {@code name}: empty when it names none, or names one
     * that does not fit (reported as an error at the network file's option).
     */
    Optional<String> fromNetwork(String name) {
        return fromNetwork.computeIfAbsent(name, this::readNetwork); // each bad value reported once
    }

    private Optional<String> readNetwork(String name) {
        UciSection s = networkInterfaces.get(name);
        if (s == null) {
            return Optional.empty();
        }
        Optional<UciOption> o = s.option("device").or(() -> s.option("ifname"));
        if (o.isEmpty() || o.get().value().isBlank()) {
            return Optional.empty();
        }
        // ifname is a list of words (a bridge's ports, as the shell reads it): its first word is the device.
        String device = o.get().name().equals("ifname") ? o.get().value().trim().split("\\s+")[0] : o.get().value();
        String expected = deviceType.check(device);
        if (expected != null) {
            problems.add(new ConfigProblem(Severity.ERROR, network.file(), o.get().line(), o.get().column(),
                    s.label(), o.get().name(), "invalid value '" + ConfigProblem.shown(device) + "' for the device of interface '" + name
                    + "': " + expected));
            return Optional.empty();
        }
        return Optional.of(device);
    }

    /** Whether the network file has an interface of this name (with or without a usable device). */
    boolean inNetwork(String name) {
        return networkInterfaces.containsKey(name);
    }
}
