package net.mwan3.bench;

/** The CLI latency anchor: a JVM that starts, prints one line and exits. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
