package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * There are no published vectors for this construction, so every output is rebuilt from independent parts: the
 * JDK's {@code AES/CTR/NoPadding} for the stream (counter block = nonce, big-endian block number) and the RFC 8439
 * vector-checked {@link Poly1305#mac} over the §2.8 layout for the tag.
 */
class AesCtrPoly1305Test {
    private final Random random = new Random(2026);

    @Test
    void agreesWithTheJdksAesCtrAndPoly1305ForEveryLengthUpTo2100() throws GeneralSecurityException {
        for (int len = 0; len <= 2100; len++) {
            crossCheck(len, 16);
        }
    }

    @Test
    void agreesAtBlockBoundariesForEveryAadLength() throws GeneralSecurityException {
        for (int aadLen = 0; aadLen <= 33; aadLen++) {
            for (int len : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 1400}) {
                crossCheck(len, aadLen);
            }
        }
    }

    private void crossCheck(int len, int aadLen) throws GeneralSecurityException {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] aad = bytes(aadLen);
        byte[] plain = bytes(len);
        byte[] oneTimeKey = ctr(key, nonce, 0, new byte[32]);
        byte[] ct = ctr(key, nonce, 2, plain);
        byte[] expected = Arrays.copyOf(ct, len + 16);
        System.arraycopy(Poly1305.mac(oneTimeKey, macInput(aad, ct)), 0, expected, len, 16);

        AesCtrPoly1305 ours = new AesCtrPoly1305(key);
        AeadTest.sealsAndOpensAs(ours, nonce, aad, plain, expected);

        byte[] signed = new byte[len + 16];
        assertEquals(len + 16, ours.sign(nonce, aad, 0, aadLen, plain, 0, len, signed, 0));
        byte[] signedExpected = Arrays.copyOf(plain, len + 16);
        System.arraycopy(Poly1305.mac(oneTimeKey, macInput(aad, plain)), 0, signedExpected, len, 16);
        assertArrayEquals(signedExpected, signed, "sign: the tag over the plaintext");
        assertEquals(len, ours.verify(nonce, aad, 0, aadLen, signed, 0, signed.length, new byte[len], 0));
    }

    /** The JDK's AES-256-CTR from block {@code block} of {@code nonce}. */
    private static byte[] ctr(byte[] key, byte[] nonce, int block, byte[] in) throws GeneralSecurityException {
        byte[] iv = Arrays.copyOf(nonce, 16);
        ByteBuffer.wrap(iv).putInt(12, block);
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(in);
    }

    /** RFC 8439 §2.8: aad, zero pad, ciphertext, zero pad, both lengths as little-endian u64. */
    private static byte[] macInput(byte[] aad, byte[] ct) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(aad);
        m.writeBytes(new byte[(16 - aad.length % 16) % 16]);
        m.writeBytes(ct);
        m.writeBytes(new byte[(16 - ct.length % 16) % 16]);
        m.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(aad.length).putLong(ct.length)
                .array());
        return m.toByteArray();
    }

    @Test
    void aLongerDatagramThanEverBeforeStillSealsAndOpens() {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] plain = bytes(9000);
        byte[] sealed = new byte[9016];
        new AesCtrPoly1305(key).seal(nonce, new byte[0], 0, 0, plain, 0, plain.length, sealed, 0);
        byte[] out = new byte[9000];
        assertEquals(9000, new AesCtrPoly1305(key).open(nonce, new byte[0], 0, 0, sealed, 0, sealed.length, out, 0));
        assertArrayEquals(plain, out);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
