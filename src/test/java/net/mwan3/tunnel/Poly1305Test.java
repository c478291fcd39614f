package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link Poly1305} against the RFC 8439 §2.5 definition computed with BigInteger, on random keys and messages of
 * every length up to 200 (odd and even block counts for the two-block steps) and on the inputs that push the
 * limbs to their bounds: all-ones messages and keys, and RFC 8439 A.3's edge vectors.
 */
class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    private final Random random = new Random(1305);

    @Test
    void agreesWithTheDefinitionOnRandomKeysAndEveryLength() {
        for (int len = 0; len <= 200; len++) {
            for (int i = 0; i < 5; i++) {
                byte[] key = bytes(32);
                byte[] msg = bytes(len);
                assertArrayEquals(reference(key, msg), Poly1305.mac(key, msg), "len " + len);
            }
        }
    }

    @Test
    void agreesWithTheDefinitionAtTheLimbBounds() {
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        for (int len = 0; len <= 200; len++) {
            byte[] msg = new byte[len];
            Arrays.fill(msg, (byte) 0xff);
            assertArrayEquals(reference(ones, msg), Poly1305.mac(ones, msg), "all ones, len " + len);
        }
    }

    @Test
    void rfc8439AppendixA3EdgeVectors() {
        String r2 = "02000000000000000000000000000000";
        String r1 = "01000000000000000000000000000000";
        String zero = "00000000000000000000000000000000";
        String ff = "ffffffffffffffffffffffffffffffff";
        check(r2 + zero, ff, "03000000000000000000000000000000");
        check(r2 + ff, "02000000000000000000000000000000", "03000000000000000000000000000000");
        check(r1 + zero, ff + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000",
                "05000000000000000000000000000000");
        check(r1 + zero, ff + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101",
                "00000000000000000000000000000000");
        check(r2 + zero, "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff");
    }

    private static void check(String key, String msg, String tag) {
        byte[] k = HEX.parseHex(key);
        byte[] m = HEX.parseHex(msg);
        assertEquals(tag, HEX.formatHex(reference(k, m)), "the reference itself");
        assertEquals(tag, HEX.formatHex(Poly1305.mac(k, m)));
    }

    /** RFC 8439 §2.5.1 with BigInteger: clamp r, accumulate (acc + block with its 0x01 byte) · r mod p, add s. */
    private static byte[] reference(byte[] key, byte[] msg) {
        byte[] rBytes = Arrays.copyOf(key, 16);
        for (int i : new int[] {3, 7, 11, 15}) {
            rBytes[i] &= 0x0f;
        }
        for (int i : new int[] {4, 8, 12}) {
            rBytes[i] &= (byte) 0xfc;
        }
        BigInteger r = le(rBytes);
        BigInteger s = le(Arrays.copyOfRange(key, 16, 32));
        BigInteger acc = BigInteger.ZERO;
        for (int off = 0; off < msg.length; off += 16) {
            byte[] block = Arrays.copyOf(Arrays.copyOfRange(msg, off, Math.min(msg.length, off + 16)),
                    Math.min(16, msg.length - off) + 1);
            block[block.length - 1] = 1;
            acc = acc.add(le(block)).multiply(r).mod(P);
        }
        byte[] tag = new byte[16];
        byte[] sum = acc.add(s).toByteArray();
        for (int i = 0; i < 16 && i < sum.length; i++) {
            tag[i] = sum[sum.length - 1 - i];
        }
        return tag;
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length + 1];
        for (int i = 0; i < b.length; i++) {
            be[b.length - i] = b[i];
        }
        return new BigInteger(be);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
