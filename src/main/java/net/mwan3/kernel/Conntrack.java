package net.mwan3.kernel;

import net.mwan3.model.MarkMask;

/**
 * Deletes conntrack entries by the interface mark they carry ({@code conntrack -D --mark m/mask}),
 * so flows of a dead WAN are re-classified at once; never the whole table, as mwan3's
 * {@code flush_conntrack} did.
 */
public final class Conntrack {
    private final CommandRunner runner;

    public Conntrack(CommandRunner runner) {
        this.runner = runner;
    }

    /** Returns how many entries were deleted; 0 when none matched. */
    public int deleteByMark(long mark, long mask) {
        CommandResult r = runner.run("conntrack", "-D", "--mark", MarkMask.hex(mark) + "/" + MarkMask.hex(mask));
        // conntrack exits 1 with "0 flow entries have been deleted" when nothing matched.
        String summary = r.stderr() + r.stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) flow entries have been deleted")
                .matcher(summary);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        r.orThrow();
        return 0;
    }
}
