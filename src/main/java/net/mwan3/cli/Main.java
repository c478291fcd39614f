package net.mwan3.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.daemon.Reply;

/**
 * {@code mwan3 COMMAND}: dispatches like mwan3's shell CLI. Kept small on purpose: every class this
 * loads costs start-up time, and {@code mwan3 status} is run by scripts in loops.
 *
 * <p>Exit status: 0 success, 1 failure (message on stderr), 2 usage error. (mwan3 2.12.2 exits 0 on
 * usage errors; see docs/compat.md.)
 */
public final class Main {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private static final String[][] COMMANDS = {
        {"start", "Start the daemon's routing (mwan3d must be running)"},
        {"stop", "Remove all routing state and stop mwan3d"},
        {"restart", "Tear down and rebuild all routing state"},
        {"reload", "Re-read the config and apply only the difference"},
        {"ifup <iface>", "Load rules and routes for a specific interface"},
        {"ifdown <iface>", "Unload rules and routes for a specific interface"},
        {"interfaces", "Show interfaces status"},
        {"policies", "Show currently active policy"},
        {"connected", "Show directly connected networks"},
        {"rules", "Show active rules"},
        {"status", "Show all status (--json: the ubus 'mwan3 status' shape)"},
        {"internal <ipv4|ipv6>", "Show internal configuration <default: ipv4>"},
        {"plan", "Show the planned nft table and ip commands (what mwan3d applies)"},
        {"use <iface> <cmd>", "Run a command bound to <iface> and with its fwmark"},
        {"check [--config-dir DIR]", "Validate the config and print its problems"},
        {"tunnels", "Show multipath tunnels and their paths"},
        {"lab [--keep]", "Run the network-namespace demo (root)"},
    };

    static final String DEFAULT_STATE_DIR = "/var/run/mwan3";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(argv);
        String stateDir = System.getenv().getOrDefault("MWAN3_STATE_DIR", DEFAULT_STATE_DIR);
        if (args.size() >= 2 && args.get(0).equals("--state-dir")) {
            stateDir = args.get(1);
            args = args.subList(2, args.size());
        }
        if (args.isEmpty()) {
            help(out);
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (command) {
            case "check":
                return CheckCommand.run(rest, out, err);
            case "use":
                return UseCommand.run(Path.of(stateDir), rest, err);
            case "lab":
                return net.mwan3.lab.LabCommand.run(rest, out, err);
            case "help", "-h", "--help":
                help(out);
                return OK;
            default:
                // 'hotplug' is netifd's door (hotplug.d/iface/15-mwan3), not listed in the help.
                if (!command.equals("hotplug") && !known(command)) {
                    err.println("mwan3: unknown command '" + command + "'");
                    help(err);
                    return USAGE;
                }
                return viaDaemon(Path.of(stateDir), args, out, err);
        }
    }

    /** A plain loop: a stream with a lambda here would cost the CLI measurable start-up time. */
    private static boolean known(String command) {
        for (String[] c : COMMANDS) {
            if (c[0].split(" ")[0].equals(command)) {
                return true;
            }
        }
        return false;
    }

    /** The JDK's own Linux selector provider, named so that opening a socket skips the service lookup. */
    private static final String SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

    /**
     * Names the JDK's default selector provider in {@code java.nio.channels.spi.SelectorProvider}
     * (documented API; the same provider the JDK would pick), so the first socket does not scan the
     * class path and the JDK's modules for providers: about 7 ms of the CLI's 50. Left alone when
     * set already or when this JDK has no such class.
     */
    static void nameSelectorProvider() {
        if (System.getProperty("java.nio.channels.spi.SelectorProvider") != null) {
            return;
        }
        try {
            Class.forName(SELECTOR_PROVIDER, false, null);
            System.setProperty("java.nio.channels.spi.SelectorProvider", SELECTOR_PROVIDER);
        } catch (ClassNotFoundException e) {
            // another JDK or OS: the service lookup finds the provider, a little slower
            return;
        }
    }

    /** The daemon renders; the CLI only passes its text and exit status through. */
    private static int viaDaemon(Path stateDir, List<String> args, PrintStream out, PrintStream err) {
        nameSelectorProvider();
        try {
            Reply reply = ControlProtocol.call(stateDir, args);
            if (reply == null) {
                err.println("mwan3: mwan3d is not running (no control socket in " + stateDir + ")");
                return FAILURE;
            }
            (reply.exitCode() == OK ? out : err).print(reply.text());
            return reply.exitCode();
        } catch (java.nio.file.AccessDeniedException e) {
            err.println(ControlProtocol.PERMISSION_DENIED + ": the control socket in " + stateDir
                    + " is for root (or the group set by control_group)");
            return FAILURE;
        } catch (IOException | NumberFormatException e) {
            err.println("mwan3: " + e.getMessage());
            return FAILURE;
        }
    }

    static void help(PrintStream out) {
        out.println("Syntax: mwan3 [command]");
        out.println();
        out.println("Available commands:");
        for (String[] c : COMMANDS) {
            out.printf("\t%-25s %s%n", c[0], c[1]);
        }
        out.println();
    }
}
