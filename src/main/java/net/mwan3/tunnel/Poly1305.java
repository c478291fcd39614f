package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The RFC 8439 Poly1305 one-time MAC and its AEAD layout (§2.8: aad, pad, ciphertext, pad, both lengths), shared
 * by the tunnel's two AEADs, which differ only in the stream that supplies each message's one-time key and hides
 * its payload. Uses the 26-bit-limb layout of poly1305-donna's 32-bit variant (products fit a long without
 * carries to track). Works on fields only, so the packet path allocates nothing. Not thread-safe.
 */
final class Poly1305 {
    static final int TAG = 16;
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M26 = 0x3ffffff;

    private final byte[] last = new byte[16];
    private long r0, r1, r2, r3, r4;
    private long rr0, rr1, rr2, rr3, rr4;
    private long h0, h1, h2, h3, h4;
    private int s0, s1, s2, s3;
    private int t0, t1, t2, t3;

    /** Raw one-shot Poly1305 (RFC 8439 §2.5) of {@code msg} under a 32-byte one-time key; allocates (tests). */
    static byte[] mac(byte[] oneTimeKey, byte[] msg) {
        Poly1305 p = new Poly1305();
        p.key(oneTimeKey, 0);
        int full = msg.length & ~15;
        p.blocks(msg, 0, full >>> 4, 1 << 24);
        if (full < msg.length) {
            Arrays.fill(p.last, (byte) 0);
            System.arraycopy(msg, full, p.last, 0, msg.length - full);
            p.last[msg.length - full] = 1;
            p.blocks(p.last, 0, 1, 0);
        }
        p.finish();
        byte[] tag = new byte[TAG];
        p.putTag(tag, 0);
        return tag;
    }

    /** Takes this message's one-time key, r then s, from {@code k[off, off+32)}, clamping r (§2.5). */
    void key(byte[] k, int off) {
        int w0 = word(k, off), w1 = word(k, off + 4), w2 = word(k, off + 8), w3 = word(k, off + 12);
        r0 = w0 & 0x3ffffff;
        r1 = ((w0 >>> 26) | (w1 << 6)) & 0x3ffff03;
        r2 = ((w1 >>> 20) | (w2 << 12)) & 0x3ffc0ff;
        r3 = ((w2 >>> 14) | (w3 << 18)) & 0x3f03fff;
        r4 = (w3 >>> 8) & 0x00fffff;
        square();
        h0 = h1 = h2 = h3 = h4 = 0;
        s0 = word(k, off + 16);
        s1 = word(k, off + 20);
        s2 = word(k, off + 24);
        s3 = word(k, off + 28);
    }

    /** Computes the AEAD tag over {@code aad} and the ciphertext {@code ct} (§2.8), kept for the calls below. */
    void authenticate(byte[] aad, int aadOff, int aadLen, byte[] ct, int ctOff, int ctLen) {
        padded(aad, aadOff, aadLen);
        padded(ct, ctOff, ctLen);
        LE32.set(last, 0, aadLen);
        LE32.set(last, 4, 0);
        LE32.set(last, 8, ctLen);
        LE32.set(last, 12, 0);
        blocks(last, 0, 1, 1 << 24);
        finish();
    }

    /** Writes the tag to {@code out[off, off+16)}. */
    void putTag(byte[] out, int off) {
        LE32.set(out, off, t0);
        LE32.set(out, off + 4, t1);
        LE32.set(out, off + 8, t2);
        LE32.set(out, off + 12, t3);
    }

    /** Whether {@code in[off, off+16)} is the tag, compared in constant time. */
    boolean tagMatches(byte[] in, int off) {
        int diff = t0 ^ word(in, off);
        diff |= t1 ^ word(in, off + 4);
        diff |= t2 ^ word(in, off + 8);
        diff |= t3 ^ word(in, off + 12);
        return diff == 0;
    }

    private static int word(byte[] b, int off) {
        return (int) LE32.get(b, off);
    }

    private void padded(byte[] m, int off, int len) {
        int full = len & ~15;
        blocks(m, off, full >>> 4, 1 << 24);
        if (full < len) {
            Arrays.fill(last, (byte) 0);
            System.arraycopy(m, off + full, last, 0, len - full);
            blocks(last, 0, 1, 1 << 24);
        }
    }

    /**
     * h = (h + block + hibit·2^128) · r mod 2^130-5 for {@code count} 16-byte blocks. Two blocks at a time as
     * ((h + m1)·r + m2)·r = (h + m1)·r² + m2·r: the two products are independent, so the CPU overlaps them, and
     * the carries run once per pair. Limbs stay below 2^27 and each sum of ten products below 2^59.
     */
    private void blocks(byte[] m, int off, int count, int hibit) {
        long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        final long q0 = r0, q1 = r1, q2 = r2, q3 = r3, q4 = r4;
        final long z1 = q1 * 5, z2 = q2 * 5, z3 = q3 * 5, z4 = q4 * 5;
        final long p0 = rr0, p1 = rr1, p2 = rr2, p3 = rr3, p4 = rr4;
        final long y1 = p1 * 5, y2 = p2 * 5, y3 = p3 * 5, y4 = p4 * 5;
        for (; count >= 2; count -= 2, off += 32) {
            long lo = (long) LE64.get(m, off), hi = (long) LE64.get(m, off + 8);
            a0 += lo & M26;
            a1 += (lo >>> 26) & M26;
            a2 += ((lo >>> 52) | (hi << 12)) & M26;
            a3 += (hi >>> 14) & M26;
            a4 += (hi >>> 40) | hibit;
            long lo2 = (long) LE64.get(m, off + 16), hi2 = (long) LE64.get(m, off + 24);
            long b0 = lo2 & M26;
            long b1 = (lo2 >>> 26) & M26;
            long b2 = ((lo2 >>> 52) | (hi2 << 12)) & M26;
            long b3 = (hi2 >>> 14) & M26;
            long b4 = (hi2 >>> 40) | hibit;
            long d0 = a0 * p0 + a1 * y4 + a2 * y3 + a3 * y2 + a4 * y1 + b0 * q0 + b1 * z4 + b2 * z3 + b3 * z2 + b4 * z1;
            long d1 = a0 * p1 + a1 * p0 + a2 * y4 + a3 * y3 + a4 * y2 + b0 * q1 + b1 * q0 + b2 * z4 + b3 * z3 + b4 * z2;
            long d2 = a0 * p2 + a1 * p1 + a2 * p0 + a3 * y4 + a4 * y3 + b0 * q2 + b1 * q1 + b2 * q0 + b3 * z4 + b4 * z3;
            long d3 = a0 * p3 + a1 * p2 + a2 * p1 + a3 * p0 + a4 * y4 + b0 * q3 + b1 * q2 + b2 * q1 + b3 * q0 + b4 * z4;
            long d4 = a0 * p4 + a1 * p3 + a2 * p2 + a3 * p1 + a4 * p0 + b0 * q4 + b1 * q3 + b2 * q2 + b3 * q1 + b4 * q0;
            d1 += d0 >>> 26;
            d2 += d1 >>> 26;
            d3 += d2 >>> 26;
            d4 += d3 >>> 26;
            a0 = (d0 & M26) + (d4 >>> 26) * 5;
            a1 = (d1 & M26) + (a0 >>> 26);
            a0 &= M26;
            a2 = d2 & M26;
            a3 = d3 & M26;
            a4 = d4 & M26;
        }
        if (count == 1) {
            long lo = (long) LE64.get(m, off), hi = (long) LE64.get(m, off + 8);
            a0 += lo & M26;
            a1 += (lo >>> 26) & M26;
            a2 += ((lo >>> 52) | (hi << 12)) & M26;
            a3 += (hi >>> 14) & M26;
            a4 += (hi >>> 40) | hibit;
            long d0 = a0 * q0 + a1 * z4 + a2 * z3 + a3 * z2 + a4 * z1;
            long d1 = a0 * q1 + a1 * q0 + a2 * z4 + a3 * z3 + a4 * z2;
            long d2 = a0 * q2 + a1 * q1 + a2 * q0 + a3 * z4 + a4 * z3;
            long d3 = a0 * q3 + a1 * q2 + a2 * q1 + a3 * q0 + a4 * z4;
            long d4 = a0 * q4 + a1 * q3 + a2 * q2 + a3 * q1 + a4 * q0;
            d1 += d0 >>> 26;
            d2 += d1 >>> 26;
            d3 += d2 >>> 26;
            d4 += d3 >>> 26;
            a0 = (d0 & M26) + (d4 >>> 26) * 5;
            a1 = (d1 & M26) + (a0 >>> 26);
            a0 &= M26;
            a2 = d2 & M26;
            a3 = d3 & M26;
            a4 = d4 & M26;
        }
        h0 = a0;
        h1 = a1;
        h2 = a2;
        h3 = a3;
        h4 = a4;
    }

    /** r² mod 2^130-5 into rr0..rr4 (limbs below 2^26 + 2^9), for {@link #blocks}' pairs. */
    private void square() {
        long z1 = r1 * 5, z2 = r2 * 5, z3 = r3 * 5, z4 = r4 * 5;
        long d0 = r0 * r0 + r1 * z4 + r2 * z3 + r3 * z2 + r4 * z1;
        long d1 = r0 * r1 + r1 * r0 + r2 * z4 + r3 * z3 + r4 * z2;
        long d2 = r0 * r2 + r1 * r1 + r2 * r0 + r3 * z4 + r4 * z3;
        long d3 = r0 * r3 + r1 * r2 + r2 * r1 + r3 * r0 + r4 * z4;
        long d4 = r0 * r4 + r1 * r3 + r2 * r2 + r3 * r1 + r4 * r0;
        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        long a0 = (d0 & M26) + (d4 >>> 26) * 5;
        rr1 = (d1 & M26) + (a0 >>> 26);
        rr0 = a0 & M26;
        rr2 = d2 & M26;
        rr3 = d3 & M26;
        rr4 = d4 & M26;
    }

    /** Fully reduces h mod 2^130-5, adds s, and leaves the tag's four little-endian words in t0..t3. */
    private void finish() {
        long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        a2 += a1 >>> 26;
        a1 &= M26;
        a3 += a2 >>> 26;
        a2 &= M26;
        a4 += a3 >>> 26;
        a3 &= M26;
        a0 += (a4 >>> 26) * 5;
        a4 &= M26;
        a1 += a0 >>> 26;
        a0 &= M26;
        long g0 = a0 + 5;
        long g1 = a1 + (g0 >>> 26);
        long g2 = a2 + (g1 >>> 26);
        long g3 = a3 + (g2 >>> 26);
        long g4 = a4 + (g3 >>> 26) - (1L << 26);
        long useG = (g4 >>> 63) - 1; // all ones when h >= p (g did not go negative), so take g = h - p
        a0 = (a0 & ~useG) | (g0 & M26 & useG);
        a1 = (a1 & ~useG) | (g1 & M26 & useG);
        a2 = (a2 & ~useG) | (g2 & M26 & useG);
        a3 = (a3 & ~useG) | (g3 & M26 & useG);
        a4 = (a4 & ~useG) | (g4 & M26 & useG);
        long f = ((a0 | (a1 << 26)) & 0xffffffffL) + (s0 & 0xffffffffL);
        t0 = (int) f;
        f = (((a1 >>> 6) | (a2 << 20)) & 0xffffffffL) + (s1 & 0xffffffffL) + (f >>> 32);
        t1 = (int) f;
        f = (((a2 >>> 12) | (a3 << 14)) & 0xffffffffL) + (s2 & 0xffffffffL) + (f >>> 32);
        t2 = (int) f;
        f = (((a3 >>> 18) | (a4 << 8)) & 0xffffffffL) + (s3 & 0xffffffffL) + (f >>> 32);
        t3 = (int) f;
    }
}
