package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 8439 AEAD construction with AES-256 in counter mode in place of ChaCha20: the counter block is the
 * 12-byte nonce and a 32-bit big-endian block counter (GCM's layout); blocks 0 and 1 give the message's one-time
 * Poly1305 key (r, s) and the payload is XORed with the stream from block 2. Each (key, nonce) yields a fresh
 * Poly1305 key, as in ChaCha20-Poly1305, so the security argument carries over with AES as the pseudo-random
 * function; the keys are never shared with the ChaCha20 construction (their own HKDF labels).
 *
 * <p>Why: on a CPU with AES instructions, HotSpot's C2 compiles the JDK's AES block function to them, and the
 * stream costs a fifth of pure-Java ChaCha20. The JDK's AES-GCM would be as fast but allocates on every init and
 * refuses to decrypt twice under one nonce (see {@link PacketCipher}). So the counter blocks are AES-encrypted
 * with one {@code AES/ECB/NoPadding} cipher initialised once, which allocates nothing per call. Without C2 (or
 * without AES instructions) the JDK's AES is table-driven Java and several times slower than ChaCha20, which is
 * why an end seals with this only where it is fast (see {@link PacketCipher}). Not thread-safe: one instance per
 * thread.
 */
public final class AesCtrPoly1305 implements Aead {
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Keystream bytes before the payload's: the Poly1305 key. */
    private static final int KEY_BYTES = 32;
    private final Cipher aes;
    private final Poly1305 poly = new Poly1305();
    /** Counter blocks and their encryption; grown (once) to the longest datagram seen. */
    private byte[] counters = new byte[KEY_BYTES + 2048];
    private byte[] stream = new byte[KEY_BYTES + 2048];

    /** A cipher under the 32-byte {@code key} (AES-256). */
    public AesCtrPoly1305(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256-CTR-Poly1305 needs a 32-byte key, not " + key.length);
        }
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        return tagged(true, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    @Override
    public int sign(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        return tagged(false, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    @Override
    public int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        return checked(true, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    @Override
    public int verify(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        return checked(false, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff);
    }

    private int tagged(boolean encrypt, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff,
            int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len + Poly1305.TAG, out.length);
        keystream(nonce, encrypt ? len : 0);
        if (encrypt) {
            xor(in, inOff, len, out, outOff);
        } else {
            System.arraycopy(in, inOff, out, outOff, len);
        }
        poly.authenticate(aad, aadOff, aadLen, out, outOff, len);
        poly.putTag(out, outOff + len);
        return len + Poly1305.TAG;
    }

    private int checked(boolean decrypt, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff,
            int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < Poly1305.TAG) {
            return -1;
        }
        int n = len - Poly1305.TAG;
        keystream(nonce, decrypt ? n : 0);
        poly.authenticate(aad, aadOff, aadLen, in, inOff, n);
        if (!poly.tagMatches(in, inOff + n)) {
            return -1;
        }
        Objects.checkFromIndexSize(outOff, n, out.length);
        if (decrypt) {
            xor(in, inOff, n, out, outOff);
        } else {
            System.arraycopy(in, inOff, out, outOff, n);
        }
        return n;
    }

    /** Encrypts the counter blocks for the Poly1305 key and {@code len} payload bytes, and takes that key. */
    private void keystream(byte[] nonce, int len) {
        if (nonce.length != 12) {
            throw new IllegalArgumentException("AES-256-CTR-Poly1305 needs a 12-byte nonce, not " + nonce.length);
        }
        int bytes = KEY_BYTES + ((len + 15) & ~15);
        if (bytes > counters.length) {
            counters = new byte[bytes];
            stream = new byte[bytes];
        }
        long n01 = (long) LE64.get(nonce, 0);
        int n2 = (int) BE32.get(nonce, 8);
        for (int i = 0, block = 0; i < bytes; i += 16, block++) {
            LE64.set(counters, i, n01);
            BE32.set(counters, i + 8, n2);
            BE32.set(counters, i + 12, block);
        }
        try {
            aes.update(counters, 0, bytes, stream, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e); // cannot happen: stream is as long as counters
        }
        poly.key(stream, 0);
    }

    /** {@code out = in XOR stream[32..]}, eight bytes at a time. */
    private void xor(byte[] in, int inOff, int len, byte[] out, int outOff) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LE64.set(out, outOff + i, (long) LE64.get(in, inOff + i) ^ (long) LE64.get(stream, KEY_BYTES + i));
        }
        for (; i < len; i++) {
            out[outOff + i] = (byte) (in[inOff + i] ^ stream[KEY_BYTES + i]);
        }
    }
}
