package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;

/** nftables through the {@code nft} command: {@code nft -f -} with the script on stdin, {@code nft [-j] list ...}. */
final class NftBinary implements Nft {
    private final CommandRunner runner;
    private final String why;

    /** {@code why}: the reason the binary is used ("" when it was simply asked for). */
    NftBinary(CommandRunner runner, String why) {
        this.runner = runner;
        this.why = why;
    }

    @Override
    public CommandResult apply(String script) {
        return runner.run(List.of("nft", "-f", "-"), script);
    }

    @Override
    public CommandResult list(boolean json, String... object) {
        List<String> argv = new ArrayList<>(List.of("nft"));
        if (json) {
            argv.add("-j");
        }
        argv.add("list");
        argv.addAll(List.of(object));
        return runner.run(argv, null);
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public String describe() {
        return "nft binary, one process per transaction" + (why.isEmpty() ? "" : " (" + why + ")");
    }
}
