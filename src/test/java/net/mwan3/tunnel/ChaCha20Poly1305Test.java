package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one"
            + " tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private final Random random = new Random(8439);

    @Test
    void chacha20MatchesRfc8439Section242() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] out = new byte[SUNSCREEN.length];
        new ChaCha20Poly1305(key).chacha20(HEX.parseHex("000000000000004a00000000"), 1, SUNSCREEN, 0,
                SUNSCREEN.length, out, 0);
        assertEquals("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
                + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                + "5af90bbf74a35be6b40b8eedf2785e42874d", HEX.formatHex(out));
    }

    @Test
    void poly1305MatchesRfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(Poly1305.mac(key, msg)));
    }

    @Test
    void aeadMatchesRfc8439Section282() {
        byte[] key = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = HEX.parseHex("070000004041424344454647");
        byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(key);
        byte[] sealed = new byte[SUNSCREEN.length + 16];
        assertEquals(sealed.length, aead.seal(nonce, aad, 0, aad.length, SUNSCREEN, 0, SUNSCREEN.length, sealed, 0));
        assertEquals("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691", HEX.formatHex(sealed));
        byte[] plain = new byte[SUNSCREEN.length];
        assertEquals(SUNSCREEN.length, aead.open(nonce, aad, 0, aad.length, sealed, 0, sealed.length, plain, 0));
        assertArrayEquals(SUNSCREEN, plain);
    }

    @Test
    void agreesWithTheJdkCipherForEveryLengthUpTo2000() throws GeneralSecurityException {
        for (int len = 0; len <= 2000; len++) {
            crossCheck(len, len % 41);
        }
    }

    @Test
    void agreesWithTheJdkCipherAtBlockBoundariesForEveryAadLength() throws GeneralSecurityException {
        for (int len : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1400}) {
            for (int aadLen = 0; aadLen <= 40; aadLen++) {
                crossCheck(len, aadLen);
            }
        }
    }

    /** Seals with ours at an offset, compares with the JDK; opens the JDK's output with ours, in place too. */
    private void crossCheck(int len, int aadLen) throws GeneralSecurityException {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] aad = bytes(aadLen);
        byte[] plain = bytes(len);
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        jdk.updateAAD(aad);
        byte[] expected = jdk.doFinal(plain);

        ChaCha20Poly1305 ours = new ChaCha20Poly1305(key);
        AeadTest.sealsAndOpensAs(ours, nonce, aad, plain, expected);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * sign's tag is RFC 8439 §2.8's construction over the plaintext: Poly1305 (tested against §2.5.2) under the
     * one-time key from keystream block 0 (§2.6, tested against §2.4.2), over aad, pad, text, pad and lengths.
     */
    @Test
    void signIsTheAeadTagOverThePlaintextAndVerifyRefusesEveryFlippedBit() {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        for (int len : new int[] {0, 1, 15, 16, 17, 64, 100, 1400}) {
            byte[] aad = bytes(16);
            byte[] plain = bytes(len);
            ChaCha20Poly1305 aead = new ChaCha20Poly1305(key);
            byte[] signed = new byte[len + 16];
            assertEquals(len + 16, aead.sign(nonce, aad, 0, 16, plain, 0, len, signed, 0));
            assertArrayEquals(plain, Arrays.copyOf(signed, len), "the text travels as it is");
            byte[] oneTimeKey = new byte[32];
            aead.chacha20(nonce, 0, new byte[32], 0, 32, oneTimeKey, 0);
            int padded = (len + 15) & ~15;
            byte[] mac = new byte[16 + padded + 16];
            System.arraycopy(aad, 0, mac, 0, 16);
            System.arraycopy(plain, 0, mac, 16, len);
            mac[16 + padded] = 16;
            mac[16 + padded + 8] = (byte) len;
            mac[16 + padded + 9] = (byte) (len >>> 8);
            assertArrayEquals(Poly1305.mac(oneTimeKey, mac), Arrays.copyOfRange(signed, len, len + 16));
            byte[] out = new byte[len];
            assertEquals(len, aead.verify(nonce, aad, 0, 16, signed, 0, signed.length, out, 0));
            assertArrayEquals(plain, out);
            for (int bit = 0; bit < signed.length * 8; bit += 7) {
                byte[] t = signed.clone();
                t[bit / 8] ^= (byte) (1 << (bit % 8));
                assertEquals(-1, aead.verify(nonce, aad, 0, 16, t, 0, t.length, out, 0), "len " + len + " bit " + bit);
            }
        }
    }
}
