package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RFC 8439 ChaCha20-Poly1305 AEAD, written for the tunnel's per-datagram sealing: the JDK 17 cipher is pure
 * Java behind a {@code Cipher.init} that allocates on every packet and refuses a repeated (key, nonce) even to
 * decrypt. Here every call works on fields and locals only, so the packet path allocates nothing.
 *
 * <p>Poly1305 uses the 26-bit-limb layout of poly1305-donna's 32-bit variant (products fit a long without
 * carries to track). {@link #open} authenticates before it decrypts, so a datagram that fails leaves
 * {@code out} untouched. Input and output may be the same region (same array and offset) or disjoint;
 * partially overlapping regions are not supported. Not thread-safe: one instance per thread.
 */
public final class ChaCha20Poly1305 {
    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG = 16;
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int C0 = 0x61707865, C1 = 0x3320646e, C2 = 0x79622d32, C3 = 0x6b206574;
    private static final long M26 = 0x3ffffff;

    private final int k0, k1, k2, k3, k4, k5, k6, k7;
    private int n0, n1, n2;
    private static final byte[] ZEROS = new byte[64];
    private final byte[] stream = new byte[64];
    private final byte[] last = new byte[16];
    private long r0, r1, r2, r3, r4;
    private long h0, h1, h2, h3, h4;
    private int s0, s1, s2, s3;
    private int t0, t1, t2, t3;

    /** A cipher under the 32-byte {@code key}. */
    public ChaCha20Poly1305(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 needs a 32-byte key, not " + key.length);
        }
        k0 = word(key, 0);
        k1 = word(key, 4);
        k2 = word(key, 8);
        k3 = word(key, 12);
        k4 = word(key, 16);
        k5 = word(key, 20);
        k6 = word(key, 24);
        k7 = word(key, 28);
    }

    /**
     * Encrypts {@code in[inOff, inOff+len)} into {@code out[outOff..]} and appends the tag over {@code aad} and
     * the ciphertext; returns {@code len + TAG}.
     */
    public int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        return tagged(true, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    /**
     * Checks the tag at the end of {@code in[inOff, inOff+len)} (ciphertext then tag) and decrypts into
     * {@code out[outOff..]}; returns the plaintext length, or -1 (with {@code out} untouched) when it does not
     * authenticate.
     */
    public int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        int n = check(nonce, aad, aadOff, aadLen, in, inOff, len);
        if (n >= 0) {
            Objects.checkFromIndexSize(outOff, n, out.length);
            xor(1, in, inOff, n, out, outOff);
        }
        return n;
    }

    /** The length before the tag of {@code in[inOff, inOff+len)} if its tag is right, else -1. */
    private int check(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len) {
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < TAG) {
            return -1;
        }
        int n = len - TAG;
        start(nonce);
        authenticate(aad, aadOff, aadLen, in, inOff, n);
        int diff = t0 ^ (int) LE32.get(in, inOff + n);
        diff |= t1 ^ (int) LE32.get(in, inOff + n + 4);
        diff |= t2 ^ (int) LE32.get(in, inOff + n + 8);
        diff |= t3 ^ (int) LE32.get(in, inOff + n + 12);
        return diff == 0 ? n : -1;
    }

    private void putTag(byte[] out, int off) {
        LE32.set(out, off, t0);
        LE32.set(out, off + 4, t1);
        LE32.set(out, off + 8, t2);
        LE32.set(out, off + 12, t3);
    }

    /**
     * The same construction without the encryption: copies {@code in[inOff, inOff+len)} to {@code out[outOff..]}
     * and appends the tag over {@code aad} and that plaintext; returns {@code len + TAG}. The Poly1305 key still
     * comes from keystream block 0 under the nonce, so each tag is a one-time MAC as in the AEAD, at the cost of
     * one ChaCha20 block per datagram instead of one per 64 bytes. Both tags cover the bytes on the wire, so
     * {@link #open} would take a signed datagram for a sealed one: signing and sealing must never share a key.
     */
    public int sign(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        return tagged(false, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    private int tagged(boolean encrypt, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff,
            int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len + TAG, out.length);
        start(nonce);
        if (encrypt) {
            xor(1, in, inOff, len, out, outOff);
        } else {
            System.arraycopy(in, inOff, out, outOff, len);
        }
        authenticate(aad, aadOff, aadLen, out, outOff, len);
        putTag(out, outOff + len);
        return len + TAG;
    }

    /**
     * Checks the tag of a {@link #sign}ed {@code in[inOff, inOff+len)} (plaintext then tag) and copies the
     * plaintext to {@code out[outOff..]}; returns its length, or -1 (with {@code out} untouched).
     */
    public int verify(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        int n = check(nonce, aad, aadOff, aadLen, in, inOff, len);
        if (n >= 0) {
            Objects.checkFromIndexSize(outOff, n, out.length);
            System.arraycopy(in, inOff, out, outOff, n);
        }
        return n;
    }

    /** Raw ChaCha20 (RFC 8439 §2.4) from block {@code counter}; package-private for the RFC test vectors. */
    void chacha20(byte[] nonce, int counter, byte[] in, int inOff, int len, byte[] out, int outOff) {
        setNonce(nonce);
        xor(counter, in, inOff, len, out, outOff);
    }

    /** Raw one-shot Poly1305 (RFC 8439 §2.5) of {@code msg} under a 32-byte one-time key; allocates (tests). */
    static byte[] poly1305(byte[] oneTimeKey, byte[] msg) {
        ChaCha20Poly1305 p = new ChaCha20Poly1305(new byte[32]);
        p.polyKey(word(oneTimeKey, 0), word(oneTimeKey, 4), word(oneTimeKey, 8), word(oneTimeKey, 12));
        p.s0 = word(oneTimeKey, 16);
        p.s1 = word(oneTimeKey, 20);
        p.s2 = word(oneTimeKey, 24);
        p.s3 = word(oneTimeKey, 28);
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
        LE32.set(tag, 0, p.t0);
        LE32.set(tag, 4, p.t1);
        LE32.set(tag, 8, p.t2);
        LE32.set(tag, 12, p.t3);
        return tag;
    }

    private static int word(byte[] b, int off) {
        return (int) LE32.get(b, off);
    }

    private void setNonce(byte[] nonce) {
        if (nonce.length != 12) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 needs a 12-byte nonce, not " + nonce.length);
        }
        n0 = word(nonce, 0);
        n1 = word(nonce, 4);
        n2 = word(nonce, 8);
    }

    /** Sets the nonce and derives this message's Poly1305 key from keystream block 0 (RFC 8439 §2.6). */
    private void start(byte[] nonce) {
        setNonce(nonce);
        block(0, ZEROS, 0, stream, 0);
        polyKey(word(stream, 0), word(stream, 4), word(stream, 8), word(stream, 12));
        s0 = word(stream, 16);
        s1 = word(stream, 20);
        s2 = word(stream, 24);
        s3 = word(stream, 28);
    }

    /** Clamps r (RFC 8439 §2.5) into 26-bit limbs and clears the accumulator. */
    private void polyKey(int w0, int w1, int w2, int w3) {
        r0 = w0 & 0x3ffffff;
        r1 = ((w0 >>> 26) | (w1 << 6)) & 0x3ffff03;
        r2 = ((w1 >>> 20) | (w2 << 12)) & 0x3ffc0ff;
        r3 = ((w2 >>> 14) | (w3 << 18)) & 0x3f03fff;
        r4 = (w3 >>> 8) & 0x00fffff;
        h0 = h1 = h2 = h3 = h4 = 0;
    }

    /** Leaves the tag words in t0..t3: the MAC over aad, pad, ciphertext, pad, and both lengths (§2.8). */
    private void authenticate(byte[] aad, int aadOff, int aadLen, byte[] ct, int ctOff, int ctLen) {
        padded(aad, aadOff, aadLen);
        padded(ct, ctOff, ctLen);
        LE32.set(last, 0, aadLen);
        LE32.set(last, 4, 0);
        LE32.set(last, 8, ctLen);
        LE32.set(last, 12, 0);
        blocks(last, 0, 1, 1 << 24);
        finish();
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

    /** h = (h + block + hibit·2^128) · r mod 2^130-5 for {@code count} 16-byte blocks. */
    private void blocks(byte[] m, int off, int count, int hibit) {
        long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        final long q0 = r0, q1 = r1, q2 = r2, q3 = r3, q4 = r4;
        final long z1 = q1 * 5, z2 = q2 * 5, z3 = q3 * 5, z4 = q4 * 5;
        for (int end = off + (count << 4); off < end; off += 16) {
            int w0 = (int) LE32.get(m, off), w1 = (int) LE32.get(m, off + 4);
            int w2 = (int) LE32.get(m, off + 8), w3 = (int) LE32.get(m, off + 12);
            a0 += w0 & 0x3ffffff;
            a1 += ((w0 >>> 26) | (w1 << 6)) & 0x3ffffff;
            a2 += ((w1 >>> 20) | (w2 << 12)) & 0x3ffffff;
            a3 += ((w2 >>> 14) | (w3 << 18)) & 0x3ffffff;
            a4 += (w3 >>> 8) | hibit;
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

    /** XORs the keystream from block {@code counter} onwards over {@code in} into {@code out}. */
    private void xor(int counter, byte[] in, int inOff, int len, byte[] out, int outOff) {
        int i = 0;
        for (; len - i >= 64; i += 64) {
            block(counter++, in, inOff + i, out, outOff + i);
        }
        if (i < len) {
            block(counter, ZEROS, 0, stream, 0);
            for (int j = 0; i < len; i++, j++) {
                out[outOff + i] = (byte) (in[inOff + i] ^ stream[j]);
            }
        }
    }

    /**
     * One ChaCha20 block (RFC 8439 §2.3) XORed over 64 bytes of {@code in} into {@code out} (over zeros for the
     * raw keystream). One method on sixteen int locals, XORing as it adds the input state back, so the state
     * stays in registers and never goes through an array: about 10% faster than storing the block first.
     */
    private void block(int counter, byte[] in, int ip, byte[] out, int op) {
        int x0 = C0, x1 = C1, x2 = C2, x3 = C3, x4 = k0, x5 = k1, x6 = k2, x7 = k3;
        int x8 = k4, x9 = k5, x10 = k6, x11 = k7, x12 = counter, x13 = n0, x14 = n1, x15 = n2;
        for (int round = 0; round < 10; round++) {
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        LE32.set(out, op + 0, (int) LE32.get(in, ip + 0) ^ (x0 + C0));
        LE32.set(out, op + 4, (int) LE32.get(in, ip + 4) ^ (x1 + C1));
        LE32.set(out, op + 8, (int) LE32.get(in, ip + 8) ^ (x2 + C2));
        LE32.set(out, op + 12, (int) LE32.get(in, ip + 12) ^ (x3 + C3));
        LE32.set(out, op + 16, (int) LE32.get(in, ip + 16) ^ (x4 + k0));
        LE32.set(out, op + 20, (int) LE32.get(in, ip + 20) ^ (x5 + k1));
        LE32.set(out, op + 24, (int) LE32.get(in, ip + 24) ^ (x6 + k2));
        LE32.set(out, op + 28, (int) LE32.get(in, ip + 28) ^ (x7 + k3));
        LE32.set(out, op + 32, (int) LE32.get(in, ip + 32) ^ (x8 + k4));
        LE32.set(out, op + 36, (int) LE32.get(in, ip + 36) ^ (x9 + k5));
        LE32.set(out, op + 40, (int) LE32.get(in, ip + 40) ^ (x10 + k6));
        LE32.set(out, op + 44, (int) LE32.get(in, ip + 44) ^ (x11 + k7));
        LE32.set(out, op + 48, (int) LE32.get(in, ip + 48) ^ (x12 + counter));
        LE32.set(out, op + 52, (int) LE32.get(in, ip + 52) ^ (x13 + n0));
        LE32.set(out, op + 56, (int) LE32.get(in, ip + 56) ^ (x14 + n1));
        LE32.set(out, op + 60, (int) LE32.get(in, ip + 60) ^ (x15 + n2));
    }
}
