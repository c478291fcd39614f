package net.mwan3.config;

/** How bad a configuration problem is: an error rejects the file, a warning skips or clamps one item. */
public enum Severity {
    WARNING("warning"),
    ERROR("error");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    @Override
    public String toString() {
        return word;
    }
}
