package net.mwan3.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.Ownership;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

/**
 * What this daemon may have left in the kernel, kept in {@code <state dir>/ownership.json} so a
 * daemon killed with -9 is cleaned up after by the next one whatever the new config says: the ip
 * rules (pref and selector), the routing tables, the interfaces they were for and table {@code inet
 * mwan3}. Before an apply the file lists everything the kernel may hold of ours during and after it
 * (what it held plus what the apply adds); after a successful apply, what it holds. At start the
 * listed objects join the ownership, so the first reconcile removes what the config no longer wants.
 * Written atomically (a 0600 temporary file renamed over the old one), only when its content
 * changes: interface events that only move policy shares do not write it. Without a state
 * directory (tests) the journal lives in memory.
 */
final class OwnershipJournal {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final String FILE = "ownership.json";

    /** The file's content. {@code interfaces}: id to name, for the log line that explains a cleanup. */
    record Entries(String nftTable, Map<Integer, String> interfaces, Set<IpRule> rules, Set<Integer> tables) {
        static final Entries EMPTY = new Entries(null, Map.of(), Set.of(), Set.of());

        Entries {
            interfaces = Map.copyOf(interfaces);
            rules = Set.copyOf(rules);
            tables = Set.copyOf(tables);
        }

        Entries plus(Entries o) {
            Map<Integer, String> i = new TreeMap<>(interfaces);
            i.putAll(o.interfaces);
            Set<IpRule> r = new LinkedHashSet<>(rules);
            r.addAll(o.rules);
            Set<Integer> t = new TreeSet<>(tables);
            t.addAll(o.tables);
            return new Entries(nftTable != null ? nftTable : o.nftTable, i, r, t);
        }

        boolean isEmpty() {
            return nftTable == null && rules.isEmpty() && tables.isEmpty();
        }
    }

    private final Path file;
    /** What the kernel may hold of ours: the file's content (main thread only). */
    private Entries held;

    private OwnershipJournal(Path file, Entries held) {
        this.file = file;
        this.held = held;
    }

    /** A journal kept only in memory. */
    static OwnershipJournal inMemory() {
        return new OwnershipJournal(null, Entries.EMPTY);
    }

    /** Reads {@code <stateDir>/ownership.json}; a missing file is an empty journal, an unreadable one is logged. */
    static OwnershipJournal open(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        Entries held = Entries.EMPTY;
        try {
            held = JournalText.read(Files.readString(file, StandardCharsets.UTF_8));
            if (!held.isEmpty()) {
                Entries h = held;
                LOG.info(() -> "ownership journal of an earlier run: " + h.rules().size() + " ip rule(s), tables "
                        + h.tables() + ", interfaces " + h.interfaces() + "; what the config no longer wants is removed");
            }
        } catch (NoSuchFileException e) {
            LOG.fine("no ownership journal: nothing left by an earlier run, or it stopped cleanly");
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring unreadable ownership journal {0}: {1}; only rules of mwan3''s exact"
                    + " shape are recognised as ours", new Object[] {file, e.getMessage()});
        }
        return new OwnershipJournal(file, held);
    }

    /** What the kernel holds of ours once {@code desired} is applied. */
    static Entries of(DesiredState desired, Mwan3Config config) {
        Set<Integer> tables = new TreeSet<>();
        desired.routes().stream().map(Route::table).forEach(tables::add);
        desired.rules().stream().filter(r -> r.action() == IpRule.Action.LOOKUP).map(IpRule::table)
                .forEach(tables::add);
        Map<Integer, String> names = new TreeMap<>();
        config.interfaces().stream().filter(i -> tables.contains(i.id())).forEach(i -> names.put(i.id(), i.name()));
        boolean table = !desired.table().equals(NftTable.EMPTY) || !desired.rules().isEmpty();
        return new Entries(table ? NftTable.FAMILY + " " + NftTable.NAME : null, names, Set.copyOf(desired.rules()),
                tables);
    }

    /** The ownership for a reconcile under {@code config}: mwan3's shapes and numbering, plus what is listed. */
    Ownership ownership(Mwan3Config config) {
        return Ownership.of(config.globals().mmxMask(), config.interfaces().size()).with(held.rules(), held.tables());
    }

    /** Before an apply of {@code desired}: the kernel may hold what it held and what the apply adds. */
    void beforeApply(DesiredState desired, Mwan3Config config) {
        record(held.plus(of(desired, config)));
    }

    /** After an apply: when it succeeded, the kernel holds exactly what it asked for. */
    void afterApply(boolean ok, DesiredState desired, Mwan3Config config) {
        if (!ok) {
            return;
        }
        Entries now = of(desired, config);
        Map<Integer, String> gone = new TreeMap<>(held.interfaces());
        gone.keySet().removeAll(now.interfaces().keySet());
        config.interfaces().forEach(i -> gone.remove(i.id(), i.name()));
        if (!gone.isEmpty()) {
            LOG.info(() -> "removed the rules and tables of interfaces no longer configured: " + gone);
        }
        record(now);
    }

    Entries held() {
        return held;
    }

    private void record(Entries next) {
        if (next.equals(held)) {
            return;
        }
        held = next;
        if (file != null) {
            write(next);
        }
    }

    private void write(Entries e) {
        try {
            if (e.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = Files.createTempFile(file.getParent(), "." + FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, JournalText.write(e), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            // Routing matters more than the journal: apply anyway; the in-memory journal still owns it all.
            LOG.log(Level.WARNING, "cannot write the ownership journal {0}: {1}; a crash now could leave rules behind"
                    + " that the next start does not recognise", new Object[] {file, ex.getMessage()});
        }
    }
}
