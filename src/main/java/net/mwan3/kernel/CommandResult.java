package net.mwan3.kernel;

import java.util.List;

/** What one command did: argv, exit code and both outputs, kept together for error messages. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** Throws a {@link KernelException} naming the command and its stderr unless it succeeded. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new KernelException(this);
        }
        return this;
    }
}
