package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class RelayKeysTest {
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat h = HexFormat.of();
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] prk = RelayKeys.extract(h.parseHex("000102030405060708090a0b0c"), ikm);
        assertArrayEquals(h.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(h.parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"),
                RelayKeys.expand(prk, h.parseHex("f0f1f2f3f4f5f6f7f8f9"), 32));
    }

    @Test
    void everyUseHasItsOwnKey() {
        RelayKeys k = RelayKeys.fromBase64(KEY);
        List<byte[]> keys = List.of(k.hello, k.challenge, k.response, k.wireguardPsk);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(32, keys.get(i).length);
            for (int j = i + 1; j < keys.size(); j++) {
                assertFalse(Arrays.equals(keys.get(i), keys.get(j)), i + " vs " + j);
            }
        }
        byte[] cn = new byte[16];
        byte[] sn = new byte[16];
        RelayKeys.SessionKeys s = k.session(cn, sn);
        assertFalse(Arrays.equals(s.clientToServer(), s.serverToClient()), "one key per direction: no reflection");
        sn[0] = 1;
        RelayKeys.SessionKeys other = k.session(cn, sn);
        assertNotEquals(s.id(), other.id(), "a new server nonce is a new session");
        assertFalse(Arrays.equals(s.clientToServer(), other.clientToServer()));
        assertFalse(s.toString().contains("clientToServer="), "keys are never printed");
    }

    @Test
    void onlyExactly32BytesOfBase64() {
        assertThrows(IllegalArgumentException.class, () -> RelayKeys.fromBase64("short"));
        assertThrows(IllegalArgumentException.class, () -> RelayKeys.fromBase64("c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> RelayKeys.fromBase64(""));
        assertEquals(32, RelayKeys.decodeKey(KEY).length);
    }
}
