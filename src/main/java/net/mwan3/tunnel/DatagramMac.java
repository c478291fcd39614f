package net.mwan3.tunnel;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 truncated to {@link WireFormat#TAG} bytes over a whole relay datagram (header and payload), the
 * JDK's engine doing the work. One instance per key and thread: {@link #sign} and {@link #verify} reuse one
 * {@link Mac} and one scratch array, so the packet path allocates nothing. Every datagram is checked before any
 * of its fields is believed, so forged input can never feed the de-dup window, the reorder buffer, path health or
 * the path table. Not thread-safe.
 */
public final class DatagramMac {
    private final Mac mac;
    private final byte[] full = new byte[32];

    public DatagramMac(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Writes the tag of {@code buf[0..length)} at {@code length}; returns the signed datagram's length. */
    public int sign(ByteBuffer buf, int length) {
        compute(buf, length);
        buf.put(length, full, 0, WireFormat.TAG);
        return length + WireFormat.TAG;
    }

    /** Whether the last {@link WireFormat#TAG} bytes of {@code buf[0..length)} are the tag of the rest. */
    public boolean verify(ByteBuffer buf, int length) {
        if (length < WireFormat.HEADER + WireFormat.TAG) {
            return false;
        }
        int body = length - WireFormat.TAG;
        compute(buf, body);
        int diff = 0;
        for (int i = 0; i < WireFormat.TAG; i++) {
            diff |= full[i] ^ buf.get(body + i); // constant time: no early exit on the first wrong byte
        }
        return diff == 0;
    }

    private void compute(ByteBuffer buf, int length) {
        buf.clear().limit(length); // the packet path uses absolute indexes: position and limit are free here
        mac.update(buf);
        buf.clear();
        try {
            mac.doFinal(full, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two nonces. */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
