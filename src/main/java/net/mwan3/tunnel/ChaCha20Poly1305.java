package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The RFC 8439 ChaCha20-Poly1305 AEAD, written for the tunnel's per-datagram sealing: the JDK 17 cipher is pure
 * Java behind a {@code Cipher.init} that allocates on every packet and refuses a repeated (key, nonce) even to
 * decrypt. Here every call works on fields and locals only, so the packet path allocates nothing.
 *
 * <p>{@link #open} authenticates before it decrypts, so a datagram that fails leaves
 * {@code out} untouched. Input and output may be the same region (same array and offset) or disjoint;
 * partially overlapping regions are not supported. Not thread-safe: one instance per thread.
 */
public final class ChaCha20Poly1305 implements Aead {
    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG = 16;
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int C0 = 0x61707865, C1 = 0x3320646e, C2 = 0x79622d32, C3 = 0x6b206574;

    private final int k0, k1, k2, k3, k4, k5, k6, k7;
    private int n0, n1, n2;
    private static final byte[] ZEROS = new byte[64];
    private final byte[] stream = new byte[64];
    private final Poly1305 poly = new Poly1305();

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
        poly.authenticate(aad, aadOff, aadLen, in, inOff, n);
        return poly.tagMatches(in, inOff + n) ? n : -1;
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
        poly.authenticate(aad, aadOff, aadLen, out, outOff, len);
        poly.putTag(out, outOff + len);
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
        poly.key(stream, 0);
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
