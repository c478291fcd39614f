package net.mwan3.kernel;

import java.util.List;

/** Runs one external command; the single seam through which the kernel adapter has effects. */
public interface CommandRunner {

    /** Runs {@code argv} with {@code stdin} (may be null) and returns what it did; never throws for a non-zero exit. */
    CommandResult run(List<String> argv, String stdin);

    default CommandResult run(String... argv) {
        return run(List.of(argv), null);
    }
}
