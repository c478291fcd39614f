package net.mwan3.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 sealing of one direction of a tunnel. Each direction has its own key, derived from the
 * shared {@code key} option with HKDF-SHA256, so the client and server nonce spaces never meet. The nonce is
 * (path id, session, path seq): unique while a sender never repeats a path seq inside a session, and a new
 * process start draws a new random session, so no clock is involved. The header is the associated data.
 *
 * <p>With {@code encryption '0'} the payload travels readable and only the tag protects it ({@link
 * ChaCha20Poly1305#sign}): the same one-time Poly1305 keys, nonces and replay defences, at one ChaCha20 block per
 * datagram. Its keys come from other HKDF labels, so two ends that disagree on the option refuse each other's
 * datagrams ({@code auth_failed}) instead of reading ciphertext as plaintext.
 *
 * <p>Not thread-safe: every sending or receiving thread owns its own instance. Uses {@link ChaCha20Poly1305}
 * rather than the JDK's cipher, which allocates on every init, is several times slower, and refuses to decrypt
 * twice under one nonce (a forged or repeated datagram would otherwise need a workaround to not lock out the
 * genuine one).
 */
public final class PacketCipher {
    private static final byte[] SALT = "mwan3-tunnel v1".getBytes(StandardCharsets.US_ASCII);
    private final ChaCha20Poly1305 aead;
    private final boolean encrypt;
    private final byte[] nonce = new byte[12];

    private PacketCipher(byte[] keyBytes, boolean encrypt) {
        this.aead = new ChaCha20Poly1305(keyBytes);
        this.encrypt = encrypt;
    }

    /** The cipher for datagrams sent by the client (and received by the server), or the reverse. */
    public static PacketCipher of(String sharedKey, boolean clientToServer) {
        return of(sharedKey, clientToServer, true);
    }

    /** As {@link #of(String, boolean)}, encrypting or (with {@code encrypt} false) only authenticating. */
    public static PacketCipher of(String sharedKey, boolean clientToServer, boolean encrypt) {
        byte[] prk = hmac(SALT, sharedKey.getBytes(StandardCharsets.UTF_8));
        String label = (clientToServer ? "client to server" : "server to client") + (encrypt ? "" : ", signed only");
        byte[] info = label.getBytes(StandardCharsets.US_ASCII);
        byte[] t1 = new byte[info.length + 1];
        System.arraycopy(info, 0, t1, 0, info.length);
        t1[info.length] = 1;
        return new PacketCipher(hmac(prk, t1), encrypt);
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
        nonceFrom(out);
        return WireFormat.HEADER + (encrypt
                ? aead.seal(nonce, out, 0, WireFormat.HEADER, plain, plainOffset, length, out, WireFormat.HEADER)
                : aead.sign(nonce, out, 0, WireFormat.HEADER, plain, plainOffset, length, out, WireFormat.HEADER));
    }

    /**
     * Opens a datagram of {@code length} bytes in {@code in} into {@code plain[0..]}; returns the payload length,
     * or -1 when it does not authenticate (wrong key, tampered, or not ours).
     */
    public int open(byte[] in, int length, byte[] plain) {
        if (length < WireFormat.OVERHEAD || length > in.length || plain.length < length - WireFormat.OVERHEAD) {
            return -1;
        }
        nonceFrom(in);
        int n = length - WireFormat.HEADER;
        return encrypt ? aead.open(nonce, in, 0, WireFormat.HEADER, in, WireFormat.HEADER, n, plain, 0)
                : aead.verify(nonce, in, 0, WireFormat.HEADER, in, WireFormat.HEADER, n, plain, 0);
    }

    /** Nonce = path id, zeros, session, path seq: the layout the JDK-based version put on the wire. */
    private void nonceFrom(byte[] header) {
        nonce[0] = header[1];
        System.arraycopy(header, 4, nonce, 4, 4);
        System.arraycopy(header, 12, nonce, 8, 4);
    }
}
