package net.mwan3.tunnel.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One persisted 64-bit number in the state dir: the client's last HELLO stamp, the server's highest stamp
 * taken. Written (temporary file, then rename) before the HELLO it covers is sent or answered, so a kill -9 at
 * any moment leaves a value at least as high as anything the peer has seen. Only fresh, authentic HELLOs cause
 * writes, a few per second at most.
 */
final class StampFile {
    private final Path file;

    StampFile(Path file) {
        this.file = file;
    }

    /** The stored value, 0 if there is none (first start, or the state dir was lost). */
    long read() {
        try {
            return Files.exists(file) ? Long.parseUnsignedLong(Files.readString(file).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new TunnelIoException("unreadable " + file + ": " + e.getMessage());
        }
    }

    void write(long value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Long.toUnsignedString(value) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TunnelIoException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
