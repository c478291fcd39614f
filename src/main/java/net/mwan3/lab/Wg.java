package net.mwan3.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code wg genkey|genpsk|pubkey} for the lab's keys (the preflight checked that {@code wg} is there). */
final class Wg {
    private Wg() {
    }

    /** The one line {@code wg command} prints, given {@code stdin} (a private key for pubkey) or null. */
    static String run(String command, String stdin) {
        try {
            Process p = new ProcessBuilder("wg", command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wg " + command + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: wg " + command, e);
        }
    }
}
