package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.json.JsonObject;
import net.mwan3.testing.OpenWrtLab;
import net.mwan3.ubus.FakeUbusd;

/**
 * H. {@code ubus call mwan3 status} (issue 14) on a router namespace with the real ubusd, rpcd and
 * netifd ({@link OpenWrtLab}), mwan3d installed and started as on OpenWrt, with 3 and 8 WANs: the
 * daemon's own ubus object against, in the same run, an rpcd exec plugin that starts the CLI (a
 * JVM) per call, as mwan3-install installed before; the shell mwan3's ucode plugin's published
 * 41 ms beside them.
 */
public final class UbusBench {
    /** The figure for the shell mwan3's rpcd ucode plugin (a 5-WAN scrape), not measured here. */
    private static final double UCODE_MS = 41;
    private static final String SOCK = "/var/run/ubus/ubus.sock";
    /** The rpcd exec plugin mwan3-install used to install (a JVM per call), under another name. */
    private static final String EXEC_PLUGIN = String.join("\n",
            "#!/bin/sh",
            "arg() { jsonfilter -s \"$1\" -e \"@.$2\" 2>/dev/null; }",
            "case \"$1\" in",
            "  list) echo '{ \"status\": { \"section\": \"str\", \"interface\": \"str\" } }' ;;",
            "  call)",
            "    input=$(cat); section=$(arg \"$input\" section); iface=$(arg \"$input\" interface)",
            "    [ -n \"$iface\" ] && [ -z \"$section\" ] && section=all",
            "    set -- status --json; [ -n \"$section\" ] && set -- \"$@\" \"$section\"; [ -n \"$iface\" ] && set -- \"$@\" \"$iface\"",
            "    /usr/sbin/mwan3 --state-dir /var/run/mwan3 \"$@\" 2>/dev/null || echo '{ \"error\": \"mwan3d\" }' ;;",
            "esac", "");

    private UbusBench() {
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("H", args);
        for (int wans : List.of(3, 8)) {
            measure(b, wans);
        }
        b.note("A router namespace with the real ubusd, rpcd and netifd built from ../shared/openwrt-userland "
                + "(OpenWrtLab), N WANs on netifd proto static, mwan3d installed by mwan3-install --openwrt and "
                + "started by its init script (production JVM options), each WAN tracked every 1 s. In-process = a "
                + "raw ubus client in the benchmark JVM (as the node exporter's Lua binding or uhttpd's ubus bridge "
                + "call): lookup once, then one call after the other, round trip through ubusd; `ubus call` = the "
                + "real CLI started per call (bash's EPOCHREALTIME around it). Anchor = the JVM-per-call rpcd exec "
                + "plugin that mwan3-install used to install (registered as mwan3exec in the same rpcd, same "
                + "daemon), called the same ways. Processes per call = the kernel's fork count (/proc/stat "
                + "processes) over the in-process calls, machine-wide (other work on the machine included). CPU = utime+stime "
                + "of mwan3d and ubusd (ours) or of rpcd and its children (anchor), scaled to 1,000 calls.");
    }

    private static void measure(Bench b, int wans) throws IOException {
        try (OpenWrtLab lab = new OpenWrtLab(wans, OpenWrtLab.mwan3Config(wans, ""))) {
            lab.install().orThrow();
            lab.write("/usr/libexec/rpcd/mwan3exec", EXEC_PLUGIN);
            lab.run("chmod", "755", "/usr/libexec/rpcd/mwan3exec").orThrow();
            lab.startRpcd();
            lab.startDaemon();
            long daemon = lab.daemonPid();
            long ubusd = lab.ubusdPid();
            long rpcd = lab.rpcdPid();
            String label = wans + " WANs";
            int n = b.reps(1000, 200);
            try (FakeUbusd.Peer p = FakeUbusd.Peer.connect(lab.path(SOCK))) {
                int ours = p.lookup(1, "mwan3");
                int exec = p.lookup(2, "mwan3exec");
                for (int i = 0; i < 300; i++) {
                    call(p, 10 + i, ours);
                }
                long forks0 = forks();
                double cpu0 = cpu(daemon) + cpu(ubusd);
                List<Double> inProcess = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    call(p, 400 + i, ours);
                    inProcess.add(Bench.millisSince(t0));
                }
                double perCallForks = (forks() - forks0) / (double) n;
                double cpuPer1000 = (cpu(daemon) + cpu(ubusd) - cpu0) * 1000 / n;

                int m = b.reps(20, 5);
                call(p, 3, exec);
                long eforks0 = forks();
                double ecpu0 = cpuWithChildren(rpcd);
                List<Double> anchor = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    long t0 = System.nanoTime();
                    call(p, 40_000 + i, exec);
                    anchor.add(Bench.millisSince(t0));
                }
                double execForks = (forks() - eforks0) / (double) m;
                double execCpuPer1000 = (cpuWithChildren(rpcd) - ecpu0) * 1000 / m;
                double a = Bench.median(anchor);
                double med = Bench.median(inProcess);
                b.row("`ubus call mwan3 status`, in-process caller, " + label, Bench.summary(inProcess, "ms") + ", p99 "
                        + Bench.fmt(p99(inProcess), "ms"), Bench.summary(anchor, "ms") + " (exec plugin, a JVM per call); "
                        + "41 ms (ucode plugin, published)", faster(a, med) + "; " + faster(UCODE_MS, med),
                        "≤ 5 ms median", Row.verdict(med <= 5));
                b.row("processes started per call, " + label, Bench.fmt(perCallForks, ""), Bench.fmt(execForks, "")
                        + " (exec plugin)", "–", "0", Row.verdict(perCallForks < 0.5));
                b.row("CPU of 1,000 calls, " + label, Bench.fmt(cpuPer1000, "CPU-s") + " (mwan3d + ubusd)",
                        Bench.fmt(execCpuPer1000, "CPU-s") + " (rpcd + children, exec plugin)",
                        Bench.fmt(execCpuPer1000 / cpuPer1000, "") + " × less", "–", "–");
            }
            List<Double> cli = cliTimes(lab, "mwan3", b.reps(200, 50));
            List<Double> cliExec = cliTimes(lab, "mwan3exec", b.reps(10, 3));
            double c = Bench.median(cli);
            b.row("`ubus call mwan3 status` (the CLI, a process per call), " + label, Bench.summary(cli, "ms") + ", p99 "
                    + Bench.fmt(p99(cli), "ms"), Bench.summary(cliExec, "ms") + " (exec plugin); 41 ms (ucode plugin, "
                    + "published)", faster(Bench.median(cliExec), c) + "; " + faster(UCODE_MS, c), "–", "–");
        }
    }

    /** "N × faster": the anchor's time over ours. */
    private static String faster(double anchor, double ours) {
        return Bench.fmt(anchor / ours, "") + " × faster";
    }

    private static void call(FakeUbusd.Peer p, int seq, int objid) throws IOException {
        int status = p.call(seq, objid, "status", new JsonObject());
        if (status != 0) {
            throw new IllegalStateException("ubus call failed with status " + status);
        }
    }

    /** Wall times of the real CLI, timed inside the namespace by bash (no fork for the clock). */
    private static List<Double> cliTimes(OpenWrtLab lab, String object, int n) {
        String out = lab.run("bash", "-c", "for ((i = 0; i < " + n + "; i++)); do s=$EPOCHREALTIME; "
                + "ubus -t 60 call " + object + " status > /dev/null || exit 1; e=$EPOCHREALTIME; "
                + "echo \"$s $e\"; done").orThrow().out();
        List<Double> ms = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(" ");
            ms.add((Double.parseDouble(f[1]) - Double.parseDouble(f[0])) * 1000);
        }
        return ms;
    }

    private static double p99(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1));
    }

    /** The kernel's count of processes created since boot. */
    private static long forks() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
            if (l.startsWith("processes ")) {
                return Long.parseLong(l.substring(10).strip());
            }
        }
        throw new IllegalStateException("no processes line in /proc/stat");
    }

    private static double cpu(long pid) throws IOException {
        String[] f = stat(pid);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** utime+stime+cutime+cstime: a process and its reaped children. */
    private static double cpuWithChildren(long pid) throws IOException {
        String[] f = stat(pid);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    private static String[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }
}
