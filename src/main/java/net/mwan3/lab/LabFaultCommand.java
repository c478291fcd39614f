package net.mwan3.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import net.mwan3.kernel.KernelException;

/**
 * {@code mwan3 lab fault KIND [VALUE] WAN}: injects a fault into the lab another {@code mwan3 lab}
 * process is running (found through its {@link LabState} file), for people exploring a kept lab.
 */
final class LabFaultCommand {

    private LabFaultCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean valued = !args.isEmpty() && (args.get(0).equals("loss") || args.get(0).equals("delay"));
        if (args.size() != (valued ? 3 : 2)) {
            err.println(LabCommand.USAGE);
            return 2;
        }
        int wan;
        int value;
        try {
            wan = Integer.parseInt(args.get(args.size() - 1));
            value = valued ? Integer.parseInt(args.get(1)) : 0;
        } catch (NumberFormatException e) {
            err.println(LabCommand.USAGE);
            return 2;
        }
        if (wan < 1 || wan > 3) {
            err.println("mwan3 lab fault: WAN must be 1, 2 or 3");
            return 2;
        }
        List<LabState> labs;
        try {
            labs = LabState.running();
        } catch (IOException e) {
            err.println("mwan3 lab fault: " + e.getMessage());
            return 1;
        }
        if (labs.size() != 1) {
            err.println("mwan3 lab fault: " + (labs.isEmpty() ? "no lab is running (start one with: mwan3 lab --keep)"
                    : labs.size() + " labs are running; stop all but one"));
            return 1;
        }
        return apply(Faults.of(labs.get(0).isps()), args.get(0), value, wan, out, err);
    }

    private static int delay(Faults f, int wan, int ms, PrintStream out, PrintStream err) {
        try {
            f.delay(wan, ms);
        } catch (KernelException e) {
            err.println("mwan3 lab fault: " + (f.delayAvailable() ? e.getMessage()
                    : "delay needs the netem qdisc, which this kernel does not offer"));
            return 1;
        }
        out.println("wan" + wan + ": delay " + ms + " ms");
        return 0;
    }

    private static int apply(Faults f, String kind, int value, int wan, PrintStream out, PrintStream err) {
        try {
            switch (kind) {
                case "blackhole" -> f.blackhole(wan);
                case "carrier-down" -> f.carrier(wan, false);
                case "carrier-up" -> f.carrier(wan, true);
                case "loss" -> f.loss(wan, value);
                case "clear" -> f.clear(wan);
                case "delay" -> {
                    return delay(f, wan, value, out, err);
                }
                default -> {
                    err.println(LabCommand.USAGE);
                    return 2;
                }
            }
        } catch (KernelException e) {
            err.println("mwan3 lab fault: " + e.getMessage());
            return 1;
        }
        out.println("wan" + wan + ": " + kind + (kind.equals("loss") ? " " + value + " %"
                : kind.equals("delay") ? " " + value + " ms" : ""));
        return 0;
    }
}
