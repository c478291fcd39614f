package net.mwan3.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.mwan3.kernel.KernelException;

/**
 * {@code mwan3 lab [--keep|--quick]} and {@code mwan3 lab fault ...}: the namespace demo. Builds the
 * lab, runs the fault schedule with a live display and a summary, then the bonded-WAN scene ({@link BondScene})
 * (or, with {@code --keep}, leaves
 * the lab idle for exploring until Ctrl-C), and removes everything it created in every case.
 *
 * <p>Exit status: 0 done, 1 not possible here (not root, tools missing) or a phase measured
 * nothing, 2 usage.
 */
public final class LabCommand {
    static final String USAGE = "usage: mwan3 lab [--keep | --quick]\n"
            + "       mwan3 lab fault <blackhole|carrier-down|carrier-up|clear> <wan#>\n"
            + "       mwan3 lab fault loss <percent> <wan#>\n"
            + "       mwan3 lab fault delay <ms> <wan#>   (needs netem)";

    private LabCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("fault")) {
            return LabFaultCommand.run(args.subList(1, args.size()), out, err);
        }
        boolean keep = args.contains("--keep");
        boolean quick = args.contains("--quick");
        if (args.size() > 1 || !args.isEmpty() && !keep && !quick) {
            err.println(USAGE);
            return 2;
        }
        String missing = Preflight.problem();
        if (missing != null) {
            err.println("mwan3 lab: " + missing);
            return 1;
        }
        return keep ? keep(out, err) : demo(quick ? Phase.quick() : Phase.standard(), out, err);
    }

    /** The body of a lab run; the session is started and is removed afterwards whatever happens. */
    private interface Body {
        int run(LabSession session) throws IOException, InterruptedException;
    }

    /** Starts a session, runs {@code body}, and turns every way it can end into an exit status. */
    private static int inSession(PrintStream out, PrintStream err, String onInterrupt, int interruptStatus, Body body) {
        try (LabSession session = new LabSession(out)) {
            try {
                session.start();
                return body.run(session);
            } catch (InterruptedException e) {
                out.println(onInterrupt);
                return interruptStatus;
            } catch (IOException | KernelException | IllegalStateException e) {
                err.println("mwan3 lab: " + (session.interrupted() ? "interrupted" : "failed: " + e.getMessage()));
                return 1;
            }
        } catch (IOException e) {
            err.println("mwan3 lab: " + e.getMessage());
            return 1;
        }
    }

    private static int demo(List<Phase> schedule, PrintStream out, PrintStream err) {
        return inSession(out, err, "\ninterrupted; cleaning up", 130, session -> {
            out.println(delayNote(session.topology().faults()));
            out.println("waiting for tracking to bring wan1..wan3 online ...");
            if (!session.awaitOnline(30_000)) {
                err.println("mwan3 lab: the WANs did not come online; daemon log:\n" + session.router().log());
                return 1;
            }
            List<PhaseResult> results = new LabRun(session, schedule, out, System.console() != null).run();
            out.print(LabScreen.summary(results));
            BondResult bond = new BondScene(session, out).run();
            out.print(bond.lines());
            boolean all = results.stream().allMatch(PhaseResult::measured) && bond.measured();
            if (!all) {
                err.println("mwan3 lab: some phase measured nothing (\"-\" above); daemon log in "
                        + session.work());
            }
            return all ? 0 : 1;
        });
    }

    private static int keep(PrintStream out, PrintStream err) {
        return inSession(out, err, "\nCtrl-C: removing the lab", 0, session -> {
            session.awaitOnline(30_000);
            out.println(delayNote(session.topology().faults()));
            out.print(explore(session.state()));
            out.flush();
            Thread.sleep(Long.MAX_VALUE);
            return 0;
        });
    }

    static String delayNote(Faults faults) {
        return faults.delayAvailable() ? "delay faults: available (netem)"
                : "delay faults: not available, this kernel has no netem qdisc (blackhole, carrier and loss work)";
    }

    /** What to type to explore a kept lab. */
    static String explore(LabState s) {
        String cli = cli();
        String inRouter = "ip netns exec " + s.router() + " " + cli + " --state-dir " + s.stateDir();
        return "\nThe lab is running (no traffic). Explore it from another shell, as root:\n\n"
                + "  " + inRouter + " status\n"
                + "  " + inRouter + " interfaces\n"
                + "  " + inRouter + " status --json\n"
                + "  ip netns exec " + s.router() + " nft list ruleset\n"
                + "  ip netns exec " + s.lan() + " ping -c 3 " + Topology.target(3) + "\n\n"
                + "Inject faults (WAN 1..3):\n\n"
                + "  " + cli + " lab fault blackhole 1\n"
                + "  " + cli + " lab fault carrier-down 2     # and carrier-up 2\n"
                + "  " + cli + " lab fault loss 30 3\n"
                + "  " + cli + " lab fault delay 50 1         # only where the kernel has netem\n"
                + "  " + cli + " lab fault clear 1\n\n"
                + "Press Ctrl-C here to remove everything.\n";
    }

    /** The launcher next to the jar this class came from, else plain {@code mwan3}. */
    static String cli() {
        try {
            Path jar = Path.of(LabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path bin = jar.getParent().resolveSibling("bin").resolve("mwan3");
            return Files.isExecutable(bin) ? bin.toString() : "mwan3";
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "mwan3";
        }
    }
}
