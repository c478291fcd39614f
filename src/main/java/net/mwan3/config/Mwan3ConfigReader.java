package net.mwan3.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import net.mwan3.model.MarkMask;

/**
 * Turns a parsed {@code mwan3} package (and optionally the {@code network} package) into a
 * {@link Mwan3Config}, applying mwan3 2.12.2's semantics: ids by position among all interface
 * sections, members above metric 256 skipped, unsupported probe methods replaced by ping. Where
 * mwan3 silently misbehaves (more interfaces than the mask has ids for, references to sections that
 * do not exist) this reports an error instead.
 */
public final class Mwan3ConfigReader {
    private final UciPackage pkg;
    private final Schema schema;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final DeviceResolver devices;

    private Mwan3ConfigReader(UciPackage pkg, Schema schema, UciPackage network) {
        this.pkg = pkg;
        this.schema = schema;
        this.devices = new DeviceResolver(network, schema, problems);
    }

    /** Validates and reads; {@code network} may be null (plain Linux without netifd's file). */
    public static ConfigResult read(UciPackage mwan3, Schema mwan3Schema, UciPackage network, Schema networkSchema) {
        List<ConfigProblem> problems = new ArrayList<>(mwan3.warnings());
        problems.addAll(SchemaValidator.validate(mwan3, mwan3Schema));
        if (network != null) {
            problems.addAll(network.warnings());
            problems.addAll(SchemaValidator.validate(network, networkSchema));
        }
        Mwan3ConfigReader reader = new Mwan3ConfigReader(mwan3, mwan3Schema, network);
        Mwan3Config config = reader.build();
        problems.addAll(reader.problems);
        boolean errors = problems.stream().anyMatch(ConfigProblem::isError);
        return new ConfigResult(errors ? null : config, problems);
    }

    private Mwan3Config build() {
        checkSectionNames();
        Globals globals = globals();
        List<InterfaceConfig> interfaces = interfaces(globals);
        List<Member> members = members(interfaces);
        List<Policy> policies = policies(members);
        List<Rule> rules = RuleReader.rules(sections("rule"), policies, interfaces, devices);
        List<TunnelConfig> tunnels = tunnels(interfaces);
        return new Mwan3Config(globals, interfaces, members, policies, rules, tunnels);
    }

    private List<SectionReader> sections(String type) {
        SectionSchema s = schema.section(type).orElseThrow();
        return pkg.sectionsOfType(type).stream().map(u -> new SectionReader(pkg, u, s, problems)).toList();
    }

    /**
     * Names of the sections we read must fit the schema's {@code section} type (uci checked the
     * characters; the length bounds what nft accepts in chain names and comments) and be unique.
     */
    private void checkSectionNames() {
        Map<String, UciSection> seen = new HashMap<>();
        OptionType nameType = schema.type("section");
        for (UciSection s : pkg.sections()) {
            if (s.name() == null || schema.section(s.type()).isEmpty()) {
                continue;
            }
            String expected = nameType.check(s.name());
            if (expected != null) {
                problems.add(new ConfigProblem(Severity.ERROR, pkg.file(), s.line(), 0, s.label(), null,
                        "invalid section name: " + expected));
            }
            UciSection first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                problems.add(new ConfigProblem(Severity.ERROR, pkg.file(), s.line(), 0, s.label(), null,
                        "duplicate section name '" + s.name() + "' (first used by " + first.label() + " at line "
                                + first.line() + "); section names share one namespace"));
            }
        }
    }

    private Globals globals() {
        Optional<SectionReader> named = Optional.empty();
        for (SectionReader g : sections("globals")) {
            if ("globals".equals(g.section().name())) {
                named = Optional.of(g);
            } else {
                g.warn(null, "mwan3 reads only the globals section named 'globals'; this one is ignored");
            }
        }
        if (named.isEmpty()) {
            return Globals.DEFAULT;
        }
        SectionReader g = named.get();
        List<Integer> tables = new ArrayList<>();
        for (String t : g.list("rt_table_lookup")) {
            Long v = OptionType.parseLong(t);
            if (v != null && v > 0 && v < Integer.MAX_VALUE) {
                tables.add(v.intValue());
            }
        }
        return new Globals(new MarkMask(g.hex("mmx_mask")), g.bool("logging"), g.string("loglevel"), tables,
                g.bool("source_routing"), g.string("metrics_listen"), g.string("control_group"),
                g.bool("traffic_detection"));
    }

    private List<InterfaceConfig> interfaces(Globals globals) {
        MarkMask mask = globals.mmxMask();
        List<SectionReader> sections = sections("interface");
        if (!sections.isEmpty() && sections.size() > mask.interfaceMax()) {
            SectionReader first = sections.get((int) Math.max(0, mask.interfaceMax()));
            first.error(null, sections.size() + " interface sections but mmx_mask " + mask + " leaves ids for "
                    + Math.max(0, mask.interfaceMax()) + "; further ids would collide with the blackhole, unreachable"
                    + " and default marks (widen mmx_mask, e.g. 0xFF00)");
        }
        List<InterfaceConfig> out = new ArrayList<>();
        int id = 0;
        for (SectionReader s : sections) {
            id++;
            out.add(InterfaceReader.read(s, id, devices, globals.trafficDetection()));
        }
        return out;
    }

    private List<Member> members(List<InterfaceConfig> interfaces) {
        List<Member> out = new ArrayList<>();
        for (SectionReader s : sections("member")) {
            String name = s.section().name();
            if (name == null) {
                s.warn(null, "anonymous member cannot be named by a policy; ignored");
                continue;
            }
            if (!s.has("interface")) {
                s.warn("interface", "member without 'interface'; ignored, as in mwan3");
                continue;
            }
            String iface = s.string("interface");
            if (interfaces.stream().noneMatch(i -> i.name().equals(iface))) {
                s.error("interface", "refers to interface '" + iface + "', which is not an interface section");
                continue;
            }
            int metric = s.integer("metric");
            if (metric > Member.LOWEST_METRIC) {
                s.warn("metric", "metric " + metric + " > " + Member.LOWEST_METRIC + ", member ignored (as in mwan3)");
                continue;
            }
            out.add(new Member(name, iface, metric, s.integer("weight")));
        }
        return out;
    }

    private List<Policy> policies(List<Member> members) {
        Set<String> declared = new LinkedHashSet<>();
        for (UciSection u : pkg.sectionsOfType("member")) {
            if (u.name() != null) {
                declared.add(u.name());
            }
        }
        List<Policy> out = new ArrayList<>();
        for (SectionReader s : sections("policy")) {
            String name = s.section().name();
            if (name == null) {
                s.warn(null, "anonymous policy cannot be named by a rule; ignored");
                continue;
            }
            if (Policy.BUILT_IN.contains(name)) {
                s.error(null, "'" + name + "' is a built-in policy name; choose another name");
                continue;
            }
            List<String> use = new ArrayList<>();
            for (String m : s.list("use_member")) {
                if (!declared.contains(m)) {
                    s.error("use_member", "refers to member '" + m + "', which is not a member section");
                } else if (members.stream().anyMatch(x -> x.name().equals(m))) {
                    use.add(m);
                }
            }
            out.add(new Policy(name, use, LastResort.fromUci(s.string("last_resort"))));
        }
        return out;
    }

    private List<TunnelConfig> tunnels(List<InterfaceConfig> interfaces) {
        List<TunnelConfig> out = new ArrayList<>();
        for (SectionReader s : sections("tunnel")) {
            TunnelConfig t = TunnelReader.read(s, interfaces);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The listed actions ({@code never} = none); words that are not actions were already reported by
     * the schema check.
     */
    static Set<FlushAction> flushActions(List<String> words) {
        Set<FlushAction> out = EnumSet.noneOf(FlushAction.class);
        if (words.contains("never")) {
            return out;
        }
        for (FlushAction a : FlushAction.values()) {
            if (words.contains(a.uci())) {
                out.add(a);
            }
        }
        return out;
    }
}
