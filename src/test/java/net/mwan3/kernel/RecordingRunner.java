package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;

/** Passes commands through and remembers them; reads are the ones with {@code -j}. */
final class RecordingRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final List<List<String>> commands = new ArrayList<>();

    RecordingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized CommandResult run(List<String> argv, String stdin) {
        commands.add(List.copyOf(argv));
        return delegate.run(argv, stdin);
    }

    synchronized List<List<String>> commands() {
        return List.copyOf(commands);
    }

    synchronized int mutations() {
        return (int) commands.stream().filter(c -> !c.contains("-j")).count();
    }
}
