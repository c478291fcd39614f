package net.mwan3.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigProblem;
import net.mwan3.config.ConfigResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.Nft;
import net.mwan3.kernel.RuleCounters;
import net.mwan3.model.DeviceName;
import net.mwan3.model.Family;
import net.mwan3.status.JsonRenderer;
import net.mwan3.status.RuleStatus;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.status.TextRenderer;

/**
 * Answers control-socket requests. Reports render the latest status snapshot; anything that changes
 * state runs on the daemon's main thread. A bad request gets a usage reply and changes nothing.
 */
final class Commands implements Function<List<String>, Reply> {
    private final Daemon daemon;
    private final Path configDir;
    private final CommandRunner runner;
    private final Nft nft;
    private final Runnable shutdown;

    /** Commands whose nft listings go through the nft binary via {@code runner}. */
    Commands(Daemon daemon, Path configDir, CommandRunner runner, Runnable shutdown) {
        this(daemon, configDir, runner, Nft.binary(runner), shutdown);
    }

    Commands(Daemon daemon, Path configDir, CommandRunner runner, Nft nft, Runnable shutdown) {
        this.daemon = daemon;
        this.configDir = configDir;
        this.runner = runner;
        this.nft = nft;
        this.shutdown = shutdown;
    }

    @Override
    public Reply apply(List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            return Reply.usage("mwan3d: empty request");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "interfaces" -> Reply.ok(TextRenderer.interfaces(daemon.status()));
            case "policies" -> Reply.ok(TextRenderer.policies(daemon.status()));
            case "connected" -> Reply.ok(TextRenderer.connected(daemon.status()));
            case "tunnels" -> Reply.ok(TextRenderer.tunnels(daemon.status()));
            case "rules" -> Reply.ok(TextRenderer.rules(withCounters(daemon.status())));
            case "status" -> status(rest);
            case "ifup", "ifdown" -> updown(args.get(0), rest);
            case "reload" -> reload();
            case "start" -> Reply.ok("mwan3d is running\n");
            case "restart" -> onMain(() -> {
                daemon.teardown().orThrow();
                daemon.markDirty();
                return Reply.ok("");
            });
            case "stop" -> {
                shutdown.run();
                yield Reply.ok("");
            }
            case "internal" -> internal(rest);
            case "plan" -> onMain(() -> Reply.ok(planText(daemon.lastDesired)));
            case "hotplug" -> hotplug(rest);
            case "use-info" -> useInfo(rest);
            default -> Reply.usage("mwan3d: unknown request '" + args.get(0) + "'");
        };
    }

    /** The desired state as the nft script and ip commands that would create it from nothing. */
    static String planText(net.mwan3.plan.DesiredState d) {
        StringBuilder sb = new StringBuilder(net.mwan3.plan.NftText.table(d.table()));
        d.rules().forEach(r -> sb.append(r).append('\n'));
        d.routes().forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }

    private Reply status(List<String> rest) {
        if (rest.contains("--json")) {
            List<String> opts = new ArrayList<>(rest);
            opts.remove("--json");
            String section = opts.isEmpty() || opts.get(0).equals("all") ? null : opts.get(0);
            if (section != null && !List.of("interfaces", "connected", "policies").contains(section)) {
                return Reply.usage("usage: mwan3 status --json [all|interfaces|connected|policies [IFACE]]");
            }
            return Reply.ok(JsonRenderer.status(daemon.status(), section, opts.size() > 1 ? opts.get(1) : null));
        }
        return Reply.ok(TextRenderer.status(withCounters(daemon.status())));
    }

    private StatusSnapshot withCounters(StatusSnapshot s) {
        Map<String, long[]> counters = new RuleCounters(nft).read();
        Map<Family, List<RuleStatus>> rules = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            rules.put(f, s.rules().getOrDefault(f, List.of()).stream().map(r -> {
                long[] c = counters.getOrDefault(r.name() + "/" + f.uciName(), new long[2]);
                return new RuleStatus(r.name(), r.policy(), r.sticky(), r.match(), c[0], c[1]);
            }).toList());
        }
        return new StatusSnapshot(s.interfaces(), s.policies(), s.connected(), rules, s.tunnels());
    }

    private Reply updown(String action, List<String> rest) {
        if (rest.size() != 1) {
            return Reply.usage("usage: mwan3 " + action + " <iface>");
        }
        String name = rest.get(0);
        return onMain(() -> {
            Iface i = daemon.ifaces.get(name);
            if (i == null || !i.config.enabled()) {
                return Reply.failure("The interface '" + name + "' is not an enabled mwan3 interface.");
            }
            if (action.equals("ifdown")) {
                daemon.manualDown(i);
                return Reply.ok("");
            }
            return daemon.manualUp(i) ? Reply.ok("")
                    : Reply.failure("The network interface '" + name + "' is not up.\nPlease bring up its device "
                            + i.config.device() + " first.");
        });
    }

    private Reply reload() {
        ConfigResult r = ConfigLoader.load(configDir);
        String problems = r.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
        if (r.hasErrors()) {
            return Reply.failure(problems + "\nconfiguration refused; the running configuration stays");
        }
        return onMain(() -> {
            daemon.reload(r.config());
            return Reply.ok(problems.isEmpty() ? "" : problems + "\n");
        });
    }

    /** The daemon's view is taken on the main thread; the commands run here, off it. */
    private Reply internal(List<String> rest) {
        String family = !rest.isEmpty() && rest.get(0).equals("ipv6") ? "ipv6" : "ipv4";
        KernelDump.View[] view = new KernelDump.View[1];
        Reply r = onMain(() -> {
            view[0] = daemon.internalView();
            return Reply.ok("");
        });
        return view[0] == null ? r : Reply.ok(new KernelDump(runner, nft).render(family, view[0]));
    }

    private Reply hotplug(List<String> rest) {
        if (rest.size() < 2) {
            return Reply.usage("usage: hotplug ACTION INTERFACE [DEVICE]");
        }
        if (rest.size() > 2 && !rest.get(2).isEmpty() && !DeviceName.valid(rest.get(2))) {
            return Reply.failure("hotplug: not a device name mwan3 accepts");
        }
        return onMain(() -> {
            daemon.hotplug(rest.get(0), rest.get(1), rest.size() > 2 ? rest.get(2) : null);
            return Reply.ok("");
        });
    }

    private Reply useInfo(List<String> rest) {
        if (rest.size() != 1) {
            return Reply.usage("usage: mwan3 use <iface> <cmd...>");
        }
        return onMain(() -> {
            Iface i = daemon.ifaces.get(rest.get(0));
            if (i == null || !i.up()) {
                return Reply.failure("The interface '" + rest.get(0) + "' is not up.");
            }
            long mark = daemon.config.globals().mmxMask().id2mask(i.config.id());
            java.nio.file.Path cg = daemon.cgroups.path(i.name());
            if (cg == null || !java.nio.file.Files.isDirectory(cg)) {
                return Reply.failure("mwan3 use needs cgroup v2 mounted at /sys/fs/cgroup (see docs/compat.md)");
            }
            return Reply.ok(i.device + " " + (i.source == null ? "-" : i.source) + " "
                    + net.mwan3.model.MarkMask.hex(mark) + " " + i.config.family().uciName() + " " + cg + "\n");
        });
    }

    private Reply onMain(Callable<Reply> task) {
        try {
            return daemon.main.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Reply.failure("mwan3d: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Reply.failure("mwan3d: busy, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failure("mwan3d: interrupted");
        }
    }
}
