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
final class AeadChoice {
    private AeadChoice() {
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
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && "true".equals(vm.getVMOption("UseAES").getValue())
                    && "true".equals(vm.getVMOption("UseCompiler").getValue())
                    && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (IllegalArgumentException | LinkageError e) {
            return false; // not HotSpot, or an option it does not know: the portable choice
        }
    }
}
