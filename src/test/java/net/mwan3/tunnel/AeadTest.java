package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What both tunnel AEADs promise a receiver: every change refused without output, and no state between calls. */
class AeadTest {
    private final Random random = new Random(8439);

    static Stream<Arguments> aeads() {
        return Stream.of(Arguments.of("ChaCha20-Poly1305", (Function<byte[], Aead>) ChaCha20Poly1305::new),
                Arguments.of("AES-256-CTR-Poly1305", (Function<byte[], Aead>) AesCtrPoly1305::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeads")
    void anyFlippedBitOfAadCiphertextOrTagFailsAndLeavesOutputUntouched(String name, Function<byte[], Aead> of) {
        Aead aead = of.apply(bytes(32));
        byte[] nonce = bytes(12);
        byte[] aad = bytes(16);
        byte[] plain = bytes(100);
        byte[] sealed = new byte[116];
        aead.seal(nonce, aad, 0, aad.length, plain, 0, plain.length, sealed, 0);
        byte[] out = new byte[100];
        for (int i = 0; i < aad.length + sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] a = aad.clone();
                byte[] s = sealed.clone();
                byte[] target = i < aad.length ? a : s;
                target[i < aad.length ? i : i - aad.length] ^= (byte) (1 << bit);
                assertEquals(-1, aead.open(nonce, a, 0, a.length, s, 0, s.length, out, 0), "byte " + i + " bit " + bit);
                assertEquals(-1, aead.verify(nonce, a, 0, a.length, s, 0, s.length, out, 0), "byte " + i + " bit " + bit);
            }
        }
        assertArrayEquals(new byte[100], out, "nothing decrypted on failure");
        byte[] otherNonce = nonce.clone();
        otherNonce[11] ^= 1;
        assertEquals(-1, aead.open(otherNonce, aad, 0, aad.length, sealed, 0, sealed.length, out, 0), "nonce");
        assertEquals(-1, aead.open(nonce, aad, 0, aad.length, sealed, 0, 15, out, 0), "shorter than a tag");
        assertEquals(-1, aead.open(nonce, aad, 0, aad.length, sealed, 0, sealed.length - 1, out, 0), "truncated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeads")
    void theSameDatagramOpensAgainAndAgain(String name, Function<byte[], Aead> of) {
        Aead aead = of.apply(bytes(32));
        byte[] nonce = bytes(12);
        byte[] aad = bytes(16);
        byte[] plain = bytes(1400);
        byte[] sealed = new byte[1416];
        aead.seal(nonce, aad, 0, aad.length, plain, 0, plain.length, sealed, 0);
        byte[] forged = sealed.clone();
        forged[20] ^= 1;
        byte[] out = new byte[1400];
        for (int i = 0; i < 5; i++) {
            Arrays.fill(out, (byte) 0);
            assertEquals(-1, aead.open(nonce, aad, 0, aad.length, forged, 0, forged.length, out, 0));
            assertEquals(1400, aead.open(nonce, aad, 0, aad.length, sealed, 0, sealed.length, out, 0), "round " + i);
            assertArrayEquals(plain, out);
        }
    }

    /**
     * {@code ours} seals {@code plain} to {@code expected} (a reference's output: ciphertext and tag) at an
     * offset, opens it at another, and opens and seals in place.
     */
    static void sealsAndOpensAs(Aead ours, byte[] nonce, byte[] aad, byte[] plain, byte[] expected) {
        int len = plain.length;
        byte[] out = new byte[len + 16 + 7];
        assertEquals(len + 16, ours.seal(nonce, aad, 0, aad.length, plain, 0, len, out, 3));
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, 3 + len + 16), "len " + len + " aad " + aad.length);

        byte[] opened = new byte[len + 5];
        assertEquals(len, ours.open(nonce, aad, 0, aad.length, expected, 0, expected.length, opened, 5));
        assertArrayEquals(plain, Arrays.copyOfRange(opened, 5, 5 + len));

        byte[] inPlace = expected.clone();
        assertEquals(len, ours.open(nonce, aad, 0, aad.length, inPlace, 0, inPlace.length, inPlace, 0));
        assertArrayEquals(plain, Arrays.copyOf(inPlace, len), "open in place");

        byte[] sealInPlace = Arrays.copyOf(plain, len + 16);
        assertEquals(len + 16, ours.seal(nonce, aad, 0, aad.length, sealInPlace, 0, len, sealInPlace, 0));
        assertArrayEquals(expected, sealInPlace, "seal in place");
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
