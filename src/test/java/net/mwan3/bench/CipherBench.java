package net.mwan3.bench;

import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import net.mwan3.tunnel.PacketCipher;
import net.mwan3.tunnel.WireFormat;

/**
 * Per-datagram AEAD cost: ns and allocated bytes per seal+open of one tunnel datagram, the JDK's
 * ChaCha20-Poly1305 (driven as the tunnel used to: one init per packet) beside {@link PacketCipher}, in the same
 * JVM so the ratio holds on any machine. Plain main, no JMH: warm-up rounds, then the median of measured rounds.
 * {@code java -cp target/classes:target/test-classes net.mwan3.bench.CipherBench}.
 */
public final class CipherBench {
    private static final int ROUNDS = 7;
    private static final long ROUND_NANOS = 300_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One seal+open of a datagram; returns something derived from the output so nothing is optimised away. */
    private interface Op {
        int run(int seq) throws GeneralSecurityException;
    }

    public static void main(String[] args) throws GeneralSecurityException {
        System.out.println("| payload | JDK ns/op | ours ns/op | speed-up | JDK CPU ns/op | ours CPU ns/op | CPU speed-up "
                + "| JDK B/op | ours B/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int size : new int[] {1400, 100}) {
            double[] jdk = measure(jdk(size));
            double[] ours = measure(ours(size));
            System.out.println(String.format(Locale.ROOT, "| %d B | %.0f | %.0f | %.1f× | %.0f | %.0f | %.1f× | %.0f | %.0f |",
                    size, jdk[0], ours[0], jdk[0] / ours[0], jdk[1], ours[1], jdk[1] / ours[1], jdk[2], ours[2]));
        }
    }

    /**
     * Median wall ns, median process CPU ns (steadier on a shared machine, and it includes the collector's work
     * for the garbage, which is what a core budget pays) and mean bytes allocated per op over
     * {@link #ROUNDS}, after as many warm-up rounds.
     */
    private static double[] measure(Op op) throws GeneralSecurityException {
        double[] ns = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        long allocated = 0;
        long ops = 0;
        int seq = 0;
        long sink = 0;
        for (int r = -ROUNDS; r < ROUNDS; r++) {
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long c0 = PROCESS.getProcessCpuTime();
            long t0 = System.nanoTime();
            long deadline = t0 + ROUND_NANOS;
            int n = 0;
            do {
                for (int i = 0; i < 1000; i++) {
                    sink += op.run(seq++);
                }
                n += 1000;
            } while (System.nanoTime() < deadline);
            long t1 = System.nanoTime();
            if (r >= 0) {
                ns[r] = (t1 - t0) / (double) n;
                cpu[r] = (PROCESS.getProcessCpuTime() - c0) / (double) n;
                allocated += THREADS.getCurrentThreadAllocatedBytes() - a0;
                ops += n;
            }
        }
        if (sink == 42) {
            System.out.println("(sink)");
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        return new double[] {ns[ROUNDS / 2], cpu[ROUNDS / 2], allocated / (double) ops};
    }

    private static Op ours(int size) {
        PacketCipher tx = PacketCipher.of("bench key", true, true, PacketCipher.Suite.CHACHA20_POLY1305);
        PacketCipher rx = PacketCipher.of("bench key", true, true, PacketCipher.Suite.CHACHA20_POLY1305);
        byte[] payload = payload(size);
        byte[] out = new byte[size + WireFormat.OVERHEAD];
        byte[] plain = new byte[size];
        return seq -> {
            header(out, seq);
            int n = tx.seal(payload, 0, size, out);
            return rx.open(out, n, plain) + plain[size - 1];
        };
    }

    /** The tunnel's former use of the JDK cipher: a fresh IvParameterSpec and init per datagram and direction. */
    private static Op jdk(int size) throws GeneralSecurityException {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        Cipher tx = Cipher.getInstance("ChaCha20-Poly1305");
        Cipher rx = Cipher.getInstance("ChaCha20-Poly1305");
        byte[] payload = payload(size);
        byte[] out = new byte[size + WireFormat.OVERHEAD];
        byte[] plain = new byte[size];
        byte[] nonce = new byte[12];
        return seq -> {
            header(out, seq);
            System.arraycopy(out, 12, nonce, 8, 4);
            tx.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            tx.updateAAD(out, 0, WireFormat.HEADER);
            int n = WireFormat.HEADER + tx.doFinal(payload, 0, size, out, WireFormat.HEADER);
            rx.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            rx.updateAAD(out, 0, WireFormat.HEADER);
            return rx.doFinal(out, WireFormat.HEADER, n - WireFormat.HEADER, plain, 0) + plain[size - 1];
        };
    }

    /** A data header whose path seq (part of the nonce) is {@code seq}, so no nonce repeats. */
    private static void header(byte[] out, int seq) {
        out[0] = (byte) WireFormat.TYPE_DATA;
        out[12] = (byte) (seq >>> 24);
        out[13] = (byte) (seq >>> 16);
        out[14] = (byte) (seq >>> 8);
        out[15] = (byte) seq;
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
