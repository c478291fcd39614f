package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;
import net.mwan3.testing.ExecTrace;

/**
 * G. Processes started by mwan3d (issue 16): the real daemon in a three-WAN {@link Topology}, two
 * ping targets per WAN every second, traced by {@link ExecTrace}; commands per minute in steady
 * state, then through one carrier flap of wan1 with a UDP flow on it (carrier down until the flow
 * moved, carrier up until wan1 is online again). The user's alert script is counted apart.
 */
public final class ForkBench {

    private ForkBench() {
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("G", args);
        Path work = Files.createTempDirectory("mwan3-bench-fork");
        String uci = FailoverBench.config(new FailoverBench.Profile("1 s", 1, 1, 3, 3, 2, 1));
        try (Topology topo = Topology.build("fb", 3)) {
            new LabJava(topo.netns(), work).echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
            try (LabRouter router = new LabRouter(topo, uci, Files.createTempDirectory(work, "run"));
                 ExecTrace trace = ExecTrace.ofJvmIn(topo.router(), work.resolve("execve"))) {
                FailoverBench.await(router, "three WANs online", 60, () -> router.status("interfaces").split("is online", -1).length == 4);
                Bench.pause(b.quick ? 3_000 : 10_000);
                double start = ExecTrace.now();
                Bench.pause(b.quick ? 20_000 : 60_000);
                double end = ExecTrace.now();
                double minutes = (end - start) / 60;
                Map<String, Integer> steady = trace.count(start, end);
                double perMinute = steady.values().stream().mapToInt(Integer::intValue).sum() / minutes;
                b.row("processes started per minute, steady state, 3 WANs × 2 targets, ping every 1 s",
                        Bench.fmt(perMinute, "/min") + " " + steady, "–", "–", "0", Row.verdict(perMinute == 0));

                try (UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, 43000, Topology.SERVER,
                        Topology.SERVER_PORT, 10)) {
                    FailoverBench.await(router, "flow via wan1", 20, () -> flow.last() != null
                            && flow.last().seenAs().equals(Topology.wanAddress(1)));
                    double flapStart = ExecTrace.now();
                    long fault = System.nanoTime();
                    topo.faults().carrier(1, false);
                    FailoverBench.await(router, "flow moved", 20, () -> flow.firstVia(Topology.wanAddress(2), fault) != null
                            || flow.firstVia(Topology.wanAddress(3), fault) != null);
                    topo.faults().carrier(1, true);
                    FailoverBench.await(router, "wan1 online", 30, () -> router.status("interfaces").contains("interface wan1 is online"));
                    Bench.pause(200);
                    Map<String, Integer> flap = trace.count(flapStart, ExecTrace.now());
                    int script = flap.getOrDefault(ExecTrace.ALERT_SCRIPT, 0);
                    int daemon = flap.values().stream().mapToInt(Integer::intValue).sum() - script;
                    b.row("processes started through one carrier flap of one WAN (alert script apart)",
                            daemon + " " + flap, "–", "–", "0", Row.verdict(daemon == 0));
                } finally {
                    topo.faults().carrier(1, true);
                }
            }
        }
        b.note("strace -ff -e trace=process on every thread of mwan3d (LabRouter: the target/classes daemon in the "
                + "router namespace); a command = the first exec (other than Java's jspawnhelper) of a process the JVM "
                + "forked, so what a command or the alert script starts is not counted. Steady state: " + (b.quick ? 20 : 60)
                + " s after a settling pause. Flap: from carrier loss on wan1 (a UDP flow on it) until wan1 is online "
                + "again; the counts by command follow each figure. nftables runs through libnftables in the daemon.");
    }
}
