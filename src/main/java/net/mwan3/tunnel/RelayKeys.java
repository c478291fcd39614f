package net.mwan3.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys the relay derives from {@code option key} (32 random bytes, as {@code wg genpsk} prints them) with
 * HKDF-SHA256 (RFC 5869) on the JDK's HmacSHA256: one key per use, so a MAC made for one message type or one
 * direction is never valid as another (a HELLO cannot be reflected as a CHALLENGE, a client's beat cannot be
 * sent back to it as the server's). WireGuard's preshared key is derived too, so the relays' MAC key and
 * WireGuard's PSK are never the same bytes. The relay holds no cipher: confidentiality is WireGuard's.
 */
public final class RelayKeys {
    /** HKDF salt: the protocol's name and version, so keys of another protocol version never match. */
    private static final byte[] SALT = "mwan3 multipath relay v2".getBytes(StandardCharsets.US_ASCII);
    public static final int KEY_BYTES = 32;
    private final byte[] prk;
    public final byte[] hello;
    public final byte[] challenge;
    public final byte[] response;
    public final byte[] wireguardPsk;

    private RelayKeys(byte[] master) {
        this.prk = extract(SALT, master);
        this.hello = expand("hello", new byte[0], KEY_BYTES);
        this.challenge = expand("challenge", new byte[0], KEY_BYTES);
        this.response = expand("response", new byte[0], KEY_BYTES);
        this.wireguardPsk = expand("wireguard preshared key", new byte[0], KEY_BYTES);
    }

    /** From the config's base64 key; throws IllegalArgumentException unless it is exactly 32 bytes. */
    public static RelayKeys fromBase64(String key) {
        return new RelayKeys(decodeKey(key));
    }

    /** The 32 bytes of a base64 key as {@code wg genkey}/{@code wg genpsk} print them, else IllegalArgumentException. */
    public static byte[] decodeKey(String key) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(key == null ? "" : key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64", e);
        }
        if (k.length != KEY_BYTES) {
            throw new IllegalArgumentException("decodes to " + k.length + " bytes, not 32 (use wg genpsk)");
        }
        return k;
    }

    /** The keys of one session, from the nonces of the handshake that made it. */
    public SessionKeys session(byte[] clientNonce, byte[] serverNonce) {
        byte[] ctx = new byte[clientNonce.length + serverNonce.length];
        System.arraycopy(clientNonce, 0, ctx, 0, clientNonce.length);
        System.arraycopy(serverNonce, 0, ctx, clientNonce.length, serverNonce.length);
        long id = java.nio.ByteBuffer.wrap(expand("session id", ctx, 8)).getLong();
        return new SessionKeys(id == 0 ? 1 : id, expand("client to server", ctx, KEY_BYTES),
                expand("server to client", ctx, KEY_BYTES));
    }

    /**
     * A session: its id (in every datagram's header, so the receiver picks the key without trying) and one MAC key
     * per direction.
     */
    public record SessionKeys(long id, byte[] clientToServer, byte[] serverToClient) {
        @Override
        public String toString() {
            return "SessionKeys[" + Long.toHexString(id) + "]"; // never the keys
        }
    }

    /** HKDF-Expand(prk, label || context, length), length ≤ 32. */
    private byte[] expand(String label, byte[] context, int length) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[l.length + context.length];
        System.arraycopy(l, 0, info, 0, l.length);
        System.arraycopy(context, 0, info, l.length, context.length);
        return expand(prk, info, length);
    }

    /** RFC 5869 HKDF-Expand for at most one block: T(1) = HMAC(prk, info || 0x01), cut to {@code length}. */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length > 32) {
            throw new IllegalArgumentException("one HMAC-SHA256 block at most: " + length);
        }
        byte[] in = Arrays.copyOf(info, info.length + 1);
        in[info.length] = 1;
        return Arrays.copyOf(hmac(prk, in), length);
    }

    /** RFC 5869 HKDF-Extract: PRK = HMAC(salt, ikm). */
    static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "RelayKeys[…]";
    }
}
