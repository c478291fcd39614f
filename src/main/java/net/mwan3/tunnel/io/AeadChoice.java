package net.mwan3.tunnel.io;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

import net.mwan3.tunnel.PacketCipher.Suite;

/**
 * Which AEAD this end seals with: AES-256-CTR-Poly1305 where HotSpot's C2 compiles the JDK's AES to the CPU's
 * AES instructions (a fifth of pure-Java ChaCha20's cost), else ChaCha20-Poly1305, which is fast everywhere (the
 * JDK's AES without them is table-driven Java, several times slower). The peer opens either, so the choice is
 * this end's alone. {@code -Dmwan3.tunnel.cipher=aes|chacha20} forces one.
 */
public final class AeadChoice {
    private AeadChoice() {
    }

    /** What this end seals with, for the log: with a hint when the JVM lacks C2, so AES would be slow. */
    public static String describe() {
        Suite s = preferred();
        String name = s == Suite.AES_256_CTR_POLY1305 ? "AES-256-CTR-Poly1305" : "ChaCha20-Poly1305";
        return s == Suite.CHACHA20_POLY1305 && !c2()
                ? name + " (this JVM runs without C2, at about twice the CPU per packet: restart mwan3d so that its"
                        + " launcher adds share/jvm/tunnel.options)"
                : name;
    }

    static Suite preferred() {
        return switch (System.getProperty("mwan3.tunnel.cipher", "auto")) {
            case "aes" -> Suite.AES_256_CTR_POLY1305;
            case "chacha20" -> Suite.CHACHA20_POLY1305;
            default -> aesIsFast() ? Suite.AES_256_CTR_POLY1305 : Suite.CHACHA20_POLY1305;
        };
    }

    /** The CPU has AES instructions (UseAES) and C2 may compile (launcher's tunnel.options). */
    private static boolean aesIsFast() {
        return "true".equals(option("UseAES")) && c2();
    }

    private static boolean c2() {
        String level = option("TieredStopAtLevel");
        return "true".equals(option("UseCompiler")) && level != null && Integer.parseInt(level) >= 4;
    }

    /** A HotSpot option's value, or null (not HotSpot, or an option it does not know: the portable choice). */
    private static String option(String name) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null ? null : vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException | LinkageError e) {
            return null;
        }
    }
}
