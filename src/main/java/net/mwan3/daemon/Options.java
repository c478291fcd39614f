package net.mwan3.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * mwan3d's command line: {@code [--config-dir DIR] [--state-dir DIR] [--user-script FILE]
 * [--ubus-socket PATH]}. ubus is used only where its socket exists.
 */
public record Options(Path configDir, Path stateDir, Path userScript, Path ubusSocket) {

    public static final Options DEFAULT = new Options(Path.of("/etc/config"), Path.of("/var/run/mwan3"),
            Path.of("/etc/mwan3.user"), Path.of("/var/run/ubus/ubus.sock"));

    /** Parses the arguments; throws IllegalArgumentException with a usage line on anything else. */
    public static Options parse(List<String> args) {
        Path config = DEFAULT.configDir;
        Path state = DEFAULT.stateDir;
        Path script = DEFAULT.userScript;
        Path ubus = DEFAULT.ubusSocket;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null || !a.startsWith("--")) {
                throw new IllegalArgumentException(usage());
            }
            switch (a) {
                case "--config-dir" -> config = Path.of(value);
                case "--state-dir" -> state = Path.of(value);
                case "--user-script" -> script = Path.of(value);
                case "--ubus-socket" -> ubus = Path.of(value);
                default -> throw new IllegalArgumentException(usage());
            }
            i++;
        }
        return new Options(config, state, script, ubus);
    }

    static String usage() {
        return "usage: mwan3d [--config-dir DIR] [--state-dir DIR] [--user-script FILE] [--ubus-socket PATH]";
    }
}
