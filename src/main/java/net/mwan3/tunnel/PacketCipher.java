package net.mwan3.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 sealing of one direction of a tunnel. Each direction has its own key, derived from the
 * shared {@code key} option with HKDF-SHA256, so the client and server nonce spaces never meet. The nonce is
 * (path id, session, path seq): unique while a sender never repeats a path seq inside a session, and a new
 * process start draws a new random session, so no clock is involved. The header is the associated data.
 *
 * <p>Not thread-safe: every sending or receiving thread owns its own instance. Works on heap arrays because
 * the JDK's ChaCha20 has no ByteBuffer fast path (its ByteBuffer calls copy through fresh temporary arrays).
 */
public final class PacketCipher {
    private static final byte[] SALT = "mwan3-tunnel v1".getBytes(StandardCharsets.US_ASCII);
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];

    private PacketCipher(byte[] keyBytes) {
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks ChaCha20-Poly1305", e);
        }
        this.key = new SecretKeySpec(keyBytes, "ChaCha20");
    }

    /** The cipher for datagrams sent by the client (and received by the server), or the reverse. */
    public static PacketCipher of(String sharedKey, boolean clientToServer) {
        byte[] prk = hmac(SALT, sharedKey.getBytes(StandardCharsets.UTF_8));
        byte[] info = (clientToServer ? "client to server" : "server to client").getBytes(StandardCharsets.US_ASCII);
        byte[] t1 = new byte[info.length + 1];
        System.arraycopy(info, 0, t1, 0, info.length);
        t1[info.length] = 1;
        return new PacketCipher(hmac(prk, t1));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Seals {@code length} payload bytes from {@code plain[plainOffset..]} into {@code out[HEADER..]}, with the
     * header already written at {@code out[0..HEADER)}; returns the datagram length.
     */
    public int seal(byte[] plain, int plainOffset, int length, byte[] out) {
        try {
            init(Cipher.ENCRYPT_MODE, out);
            cipher.updateAAD(out, 0, WireFormat.HEADER);
            return WireFormat.HEADER + cipher.doFinal(plain, plainOffset, length, out, WireFormat.HEADER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed (nonce reuse?)", e);
        }
    }

    /**
     * Opens a datagram of {@code length} bytes in {@code in} into {@code plain[0..]}; returns the payload length,
     * or -1 when it does not authenticate (wrong key, tampered, or not ours).
     */
    public int open(byte[] in, int length, byte[] plain) {
        if (length < WireFormat.OVERHEAD || plain.length < length - WireFormat.OVERHEAD) {
            return -1;
        }
        try {
            init(Cipher.DECRYPT_MODE, in);
            cipher.updateAAD(in, 0, WireFormat.HEADER);
            return cipher.doFinal(in, WireFormat.HEADER, length - WireFormat.HEADER, plain, 0);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening failed", e);
        }
    }

    private void init(int mode, byte[] header) throws GeneralSecurityException {
        nonce[0] = header[1];
        System.arraycopy(header, 4, nonce, 4, 4);
        System.arraycopy(header, 12, nonce, 8, 4);
        try {
            cipher.init(mode, key, new IvParameterSpec(nonce));
        } catch (InvalidKeyException e) {
            if (mode != Cipher.DECRYPT_MODE) {
                throw e;
            }
            // The JDK refuses a second init with the same key and nonce even to decrypt; a forged or repeated
            // datagram must not lock out the genuine one, so step through another nonce first.
            nonce[1] ^= 1;
            cipher.init(mode, key, new IvParameterSpec(nonce));
            nonce[1] ^= 1;
            cipher.init(mode, key, new IvParameterSpec(nonce));
        }
    }
}
