package net.mwan3.daemon;

/** The daemon's answer to one control request: the CLI's exit status and the text to print. */
public record Reply(int exitCode, String text) {

    public static Reply ok(String text) {
        return new Reply(0, text);
    }

    public static Reply failure(String text) {
        return new Reply(1, text.endsWith("\n") ? text : text + "\n");
    }

    public static Reply usage(String text) {
        return new Reply(2, text.endsWith("\n") ? text : text + "\n");
    }
}
