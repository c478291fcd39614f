package net.mwan3.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.daemon.Reply;

/**
 * {@code mwan3 use <iface> <cmd...>}: runs a command whose traffic leaves by that WAN. The command is
 * started inside the interface's cgroup (a shell moves itself there, then execs the command, so no
 * socket is opened outside it); table {@code inet mwan3} gives those sockets the interface's mark.
 * Like mwan3, it prints what it runs to stderr, exports FAMILY, DEVICE, SRCIP and FWMARK, and exits
 * with the command's status.
 */
final class UseCommand {

    private UseCommand() {
    }

    static int run(Path stateDir, List<String> args, PrintStream err) {
        if (args.size() < 2) {
            err.println("usage: mwan3 use <iface> <cmd...>");
            return Main.USAGE;
        }
        try {
            Main.nameSelectorProvider();
            Reply info = ControlProtocol.call(stateDir, List.of("use-info", args.get(0)));
            if (info == null) {
                err.println("mwan3: mwan3d is not running (no control socket in " + stateDir + ")");
                return Main.FAILURE;
            }
            if (info.exitCode() != 0) {
                err.print(info.text());
                return info.exitCode();
            }
            String[] f = info.text().trim().split(" ");
            List<String> cmd = args.subList(1, args.size());
            err.println("Running '" + String.join(" ", cmd) + "' with DEVICE=" + f[0] + " SRCIP=" + f[1]
                    + " FWMARK=" + f[2] + " FAMILY=" + f[3]);
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                    "echo $$ > \"$MWAN3_CGROUP/cgroup.procs\" && exec \"$@\"", "mwan3-use"));
            argv.addAll(cmd);
            ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
            Map<String, String> env = pb.environment();
            env.put("DEVICE", f[0]);
            env.put("SRCIP", f[1]);
            env.put("FWMARK", f[2]);
            env.put("FAMILY", f[3]);
            env.put("MWAN3_CGROUP", f[4]);
            return pb.start().waitFor();
        } catch (IOException e) {
            err.println("mwan3: " + e.getMessage());
            return Main.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILURE;
        }
    }
}
