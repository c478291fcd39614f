package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import net.mwan3.tunnel.PacketCipher.Suite;

class PacketCipherTest {
    private static final String KEY = "0123456789abcdef-shared";
    private final byte[] payload = "an IP packet, more or less".getBytes(StandardCharsets.US_ASCII);

    private byte[] seal(PacketCipher c, int pathId, int session, int pathSeq) {
        byte[] out = new byte[200];
        WireFormat.putHeader(ByteBuffer.wrap(out), WireFormat.TYPE_DATA, pathId, session, 7, pathSeq);
        int n = c.seal(payload, 0, payload.length, out);
        assertEquals(payload.length + WireFormat.OVERHEAD, n);
        return Arrays.copyOf(out, n);
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void roundTripInTheSameDirection(Suite suite) {
        byte[] d = seal(PacketCipher.of(KEY, true, true, suite), 3, 42, 1);
        byte[] plain = new byte[200];
        assertEquals(payload.length, PacketCipher.of(KEY, true, true, suite).open(d, d.length, plain));
        assertArrayEquals(payload, Arrays.copyOf(plain, payload.length));
        assertFalse(Arrays.equals(payload, Arrays.copyOfRange(d, 16, 16 + payload.length)), "payload is encrypted");
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void otherDirectionOrKeyOrTamperingFails(Suite suite) {
        byte[] d = seal(PacketCipher.of(KEY, true, true, suite), 3, 42, 1);
        byte[] plain = new byte[200];
        assertEquals(-1, PacketCipher.of(KEY, false, true, suite).open(d, d.length, plain), "directions have their own keys");
        assertEquals(-1, PacketCipher.of(KEY + "x", true, true, suite).open(d, d.length, plain), "other key");
        PacketCipher rx = PacketCipher.of(KEY, true, true, suite);
        for (int i = 0; i < d.length; i++) {
            byte[] t = d.clone();
            t[i] ^= 0x40;
            assertEquals(-1, rx.open(t, t.length, plain), "flipped bit in byte " + i + " (header is AAD)");
        }
        assertEquals(-1, rx.open(d, d.length - 1, plain), "truncated");
        assertEquals(-1, rx.open(d, 10, plain), "shorter than the overhead");
        assertEquals(payload.length, rx.open(d, d.length, plain), "the original still opens after failures");
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void signedOnlyLeavesThePayloadReadableButStillRefusesEveryChange(Suite suite) {
        PacketCipher tx = PacketCipher.of(KEY, true, false, suite);
        byte[] d = seal(tx, 3, 42, 1);
        assertArrayEquals(payload, Arrays.copyOfRange(d, 16, 16 + payload.length), "payload travels as it is");
        PacketCipher rx = PacketCipher.of(KEY, true, false, suite);
        byte[] plain = new byte[200];
        assertEquals(payload.length, rx.open(d, d.length, plain));
        assertArrayEquals(payload, Arrays.copyOf(plain, payload.length));
        for (int i = 0; i < d.length; i++) {
            byte[] t = d.clone();
            t[i] ^= 0x01;
            assertEquals(-1, rx.open(t, t.length, plain), "flipped bit in byte " + i);
        }
        assertEquals(-1, PacketCipher.of(KEY, false, false, suite).open(d, d.length, plain), "directions have own keys");
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void endsThatDisagreeOnEncryptionRefuseEachOther(Suite suite) {
        byte[] plain = new byte[200];
        byte[] signed = seal(PacketCipher.of(KEY, true, false, suite), 3, 42, 1);
        assertEquals(-1, PacketCipher.of(KEY, true, true, suite).open(signed, signed.length, plain));
        byte[] sealed = seal(PacketCipher.of(KEY, true, true, suite), 3, 42, 1);
        assertEquals(-1, PacketCipher.of(KEY, true, false, suite).open(sealed, sealed.length, plain),
                "ciphertext is never handed on as if it were plaintext");
    }

    @Test
    void wireFormatIsWhatTheJdkCipherProducedAndOpens() throws Exception {
        byte[] d = seal(PacketCipher.of(KEY, true, true, Suite.CHACHA20_POLY1305), 3, 0x01020304, 0x0a0b0c0d);
        byte[] prk = PacketCipher.hmac("mwan3-tunnel v1".getBytes(StandardCharsets.US_ASCII),
                KEY.getBytes(StandardCharsets.UTF_8));
        byte[] key = PacketCipher.hmac(prk, "client to server\u0001".getBytes(StandardCharsets.US_ASCII));
        byte[] nonce = new byte[12];
        nonce[0] = 3;
        System.arraycopy(d, 4, nonce, 4, 4);
        System.arraycopy(d, 12, nonce, 8, 4);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        jdk.updateAAD(d, 0, WireFormat.HEADER);
        assertArrayEquals(payload, jdk.doFinal(d, WireFormat.HEADER, d.length - WireFormat.HEADER));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void aRepeatedDatagramOpensEveryTime(Suite suite) {
        byte[] d = seal(PacketCipher.of(KEY, true, true, suite), 1, 9, 5);
        PacketCipher rx = PacketCipher.of(KEY, true, true, suite);
        for (int i = 0; i < 3; i++) {
            byte[] plain = new byte[200];
            assertEquals(payload.length, rx.open(d, d.length, plain), "round " + i);
            assertArrayEquals(payload, Arrays.copyOf(plain, payload.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void nonceDiffersPerPathSessionAndSeq(Suite suite) {
        PacketCipher tx = PacketCipher.of(KEY, true, true, suite);
        byte[] a = seal(tx, 0, 1, 1);
        byte[] b = seal(tx, 1, 1, 1);
        byte[] c = seal(tx, 0, 2, 1);
        byte[] d = seal(tx, 0, 1, 2);
        for (byte[] x : new byte[][] {b, c, d}) {
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, 16, a.length), Arrays.copyOfRange(x, 16, x.length)));
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void aDuplicateIsAuthenticatedWithoutDecryptingAndRefusedWhenChanged(Suite suite) {
        for (boolean encrypt : new boolean[] {true, false}) {
            byte[] d = seal(PacketCipher.of(KEY, true, encrypt, suite), 3, 42, 1);
            PacketCipher rx = PacketCipher.of(KEY, true, encrypt, Suite.CHACHA20_POLY1305);
            byte[] scratch = new byte[200];
            assertTrue(rx.authentic(d, d.length, scratch), "encrypt " + encrypt);
            for (int i = 0; i < d.length; i++) {
                byte[] t = d.clone();
                t[i] ^= 0x10;
                assertFalse(rx.authentic(t, t.length, scratch), "flipped bit in byte " + i);
            }
            assertFalse(PacketCipher.of(KEY, false, encrypt, suite).authentic(d, d.length, scratch), "direction");
            assertFalse(PacketCipher.of(KEY, true, !encrypt, suite).authentic(d, d.length, scratch), "mode");
            assertFalse(rx.authentic(d, 10, scratch), "shorter than the overhead");
        }
    }

    @Test
    void eachEndOpensWhatTheOtherSealsWithEitherAeadAndTheFlagIsAuthenticated() {
        byte[] plain = new byte[200];
        PacketCipher rx = PacketCipher.of(KEY, true, true, Suite.CHACHA20_POLY1305);
        for (Suite suite : Suite.values()) {
            byte[] d = seal(PacketCipher.of(KEY, true, true, suite), 3, 42, 1);
            assertEquals(suite == Suite.AES_256_CTR_POLY1305, (d[2] & WireFormat.FLAG_AES) != 0, "flag marks the AEAD");
            assertEquals(payload.length, rx.open(d, d.length, plain), suite + " opens at a ChaCha20-sealing end");
            assertArrayEquals(payload, Arrays.copyOf(plain, payload.length));
            d[2] ^= WireFormat.FLAG_AES;
            assertEquals(-1, rx.open(d, d.length, plain), suite + " with the flag flipped");
        }
    }

    @Test
    void theTwoAeadsNeverShareAKeystream() {
        byte[] chacha = seal(PacketCipher.of(KEY, true, true, Suite.CHACHA20_POLY1305), 3, 42, 1);
        byte[] aes = seal(PacketCipher.of(KEY, true, true, Suite.AES_256_CTR_POLY1305), 3, 42, 1);
        assertFalse(Arrays.equals(Arrays.copyOfRange(chacha, 16, chacha.length), Arrays.copyOfRange(aes, 16, aes.length)));
    }

    @Test
    void hkdfMatchesRfc5869CaseOneExpandStep() {
        // RFC 5869 A.1: PRK = HMAC(salt, IKM), T(1) = HMAC(PRK, info || 0x01); checks the HMAC building block.
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = new byte[13];
        for (int i = 0; i < 13; i++) {
            salt[i] = (byte) i;
        }
        byte[] prk = PacketCipher.hmac(salt, ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", hex(prk));
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
