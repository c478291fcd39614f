package net.mwan3.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD sealing of one direction of a tunnel. Each direction has its own key, derived from the
 * shared {@code key} option with HKDF-SHA256, so the client and server nonce spaces never meet. The nonce is
 * (path id, session, path seq): unique while a sender never repeats a path seq inside a session, and a new
 * process start draws a new random session, so no clock is involved. The header is the associated data.
 *
 * <p>With {@code encryption '0'} the payload travels readable and only the tag protects it ({@link
 * ChaCha20Poly1305#sign}): the same one-time Poly1305 keys, nonces and replay defences, at one ChaCha20 block per
 * datagram. Its keys come from other HKDF labels, so two ends that disagree on the option refuse each other's
 * datagrams ({@code auth_failed}) instead of reading ciphertext as plaintext.
 *
 * <p>Two AEADs, one construction: {@link ChaCha20Poly1305} and {@link AesCtrPoly1305}. Each end seals with
 * the faster one for its JVM and CPU (chosen at the edge, in {@code tunnel.io}) and marks it in the header
 * ({@link WireFormat#FLAG_AES}, authenticated with the rest); each end opens both. So nothing is negotiated,
 * ends on different hardware each send with what is fast for them, and a flipped flag only makes the datagram
 * fail authentication, because the two AEADs have keys of their own (HKDF labels).
 *
 * <p>Not thread-safe: every sending or receiving thread owns its own instance. Uses these AEADs rather than
 * the JDK's ciphers, which allocate on every init, and refuse to decrypt
 * twice under one nonce (a forged or repeated datagram would otherwise need a workaround to not lock out the
 * genuine one).
 */
public final class PacketCipher {
    private static final byte[] SALT = "mwan3-tunnel v1".getBytes(StandardCharsets.US_ASCII);
    private final ChaCha20Poly1305 chacha;
    private final AesCtrPoly1305 aes;
    private final boolean sealWithAes;
    private final boolean encrypt;
    private final byte[] nonce = new byte[12];

    /** The AEADs of the tunnel: the sender's choice travels in each datagram's header. */
    public enum Suite {
        CHACHA20_POLY1305, AES_256_CTR_POLY1305
    }

    private PacketCipher(byte[] prk, String direction, boolean encrypt, Suite sealWith) {
        String signed = encrypt ? "" : ", signed only";
        this.chacha = new ChaCha20Poly1305(expand(prk, direction + signed));
        this.aes = new AesCtrPoly1305(expand(prk, direction + ", AES-256-CTR" + signed));
        this.sealWithAes = sealWith == Suite.AES_256_CTR_POLY1305;
        this.encrypt = encrypt;
    }

    /**
     * The cipher for datagrams sent by the client (and received by the server), or the reverse, encrypting or
     * (with {@code encrypt} false) only authenticating, sealing with {@code sealWith}; opening takes either.
     */
    public static PacketCipher of(String sharedKey, boolean clientToServer, boolean encrypt, Suite sealWith) {
        byte[] prk = hmac(SALT, sharedKey.getBytes(StandardCharsets.UTF_8));
        return new PacketCipher(prk, clientToServer ? "client to server" : "server to client", encrypt, sealWith);
    }

    /** HKDF-Expand of one 32-byte key for {@code label}. */
    private static byte[] expand(byte[] prk, String label) {
        byte[] info = label.getBytes(StandardCharsets.US_ASCII);
        byte[] t1 = new byte[info.length + 1];
        System.arraycopy(info, 0, t1, 0, info.length);
        t1[info.length] = 1;
        return hmac(prk, t1);
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
     * header already written at {@code out[0..HEADER)}, whose {@link WireFormat#FLAG_AES} it sets to the AEAD it
     * seals with; returns the datagram length.
     */
    public int seal(byte[] plain, int plainOffset, int length, byte[] out) {
        nonceFrom(out);
        out[2] = (byte) (sealWithAes ? out[2] | WireFormat.FLAG_AES : out[2] & ~WireFormat.FLAG_AES);
        Aead aead = sealWithAes ? aes : chacha;
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
        Aead aead = (in[2] & WireFormat.FLAG_AES) != 0 ? aes : chacha;
        return encrypt ? aead.open(nonce, in, 0, WireFormat.HEADER, in, WireFormat.HEADER, n, plain, 0)
                : aead.verify(nonce, in, 0, WireFormat.HEADER, in, WireFormat.HEADER, n, plain, 0);
    }

    /**
     * Whether a datagram of {@code length} bytes in {@code in} authenticates, without decrypting it: for a copy
     * that will be dropped anyway (redundant mode's second copy). Sealing and signing put the same tag over the
     * bytes on the wire, so checking it needs only the one-time key, not the payload's keystream. {@code scratch}
     * (as long as the payload) receives the bytes as they are.
     */
    public boolean authentic(byte[] in, int length, byte[] scratch) {
        if (length < WireFormat.OVERHEAD || length > in.length || scratch.length < length - WireFormat.OVERHEAD) {
            return false;
        }
        nonceFrom(in);
        Aead aead = (in[2] & WireFormat.FLAG_AES) != 0 ? aes : chacha;
        return aead.verify(nonce, in, 0, WireFormat.HEADER, in, WireFormat.HEADER, length - WireFormat.HEADER,
                scratch, 0) >= 0;
    }

    /** Nonce = path id, zeros, session, path seq: the layout the JDK-based version put on the wire. */
    private void nonceFrom(byte[] header) {
        nonce[0] = header[1];
        System.arraycopy(header, 4, nonce, 4, 4);
        System.arraycopy(header, 12, nonce, 8, 4);
    }
}
