package net.mwan3.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigProblem;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.Mwan3Config;

/**
 * {@code mwan3 check [--config-dir DIR]}: validates without a daemon. Prints each problem, then a
 * summary; exits 0 when there are at most warnings, 1 on errors, 2 on bad arguments.
 */
final class CheckCommand {
    static final String DEFAULT_CONFIG_DIR = "/etc/config";

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String dir = DEFAULT_CONFIG_DIR;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config-dir") && i + 1 < args.size()) {
                dir = args.get(++i);
            } else if (a.startsWith("--config-dir=")) {
                dir = a.substring("--config-dir=".length());
            } else {
                err.println("usage: mwan3 check [--config-dir DIR]");
                return Main.USAGE;
            }
        }
        ConfigResult result = ConfigLoader.load(Path.of(dir));
        for (ConfigProblem p : result.problems()) {
            (p.isError() ? err : out).println(p);
        }
        long errors = result.errors().size();
        long warnings = result.problems().size() - errors;
        String file = Path.of(dir, "mwan3").toString();
        if (result.hasErrors()) {
            err.printf("%s: %d error(s), %d warning(s); the config is refused%n", file, errors, warnings);
            return Main.FAILURE;
        }
        Mwan3Config c = result.config();
        out.printf("%s: OK, %d warning(s): %d interface(s) (%d enabled), %d member(s), %d policy(ies), %d rule(s)%s%n",
                file, warnings, c.interfaces().size(), c.enabledInterfaces().size(), c.members().size(),
                c.policies().size(), c.rules().size(), c.tunnels().isEmpty() ? "" : ", " + c.tunnels().size()
                        + " tunnel(s)");
        return Main.OK;
    }
}
