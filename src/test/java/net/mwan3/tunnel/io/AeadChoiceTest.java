package net.mwan3.tunnel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import net.mwan3.tunnel.PacketCipher.Suite;

class AeadChoiceTest {
    @Test
    void aForcedChoiceWinsOverTheJvmsOwn() {
        String old = System.getProperty("mwan3.tunnel.cipher");
        try {
            System.setProperty("mwan3.tunnel.cipher", "chacha20");
            assertEquals(Suite.CHACHA20_POLY1305, AeadChoice.preferred());
            System.setProperty("mwan3.tunnel.cipher", "aes");
            assertEquals(Suite.AES_256_CTR_POLY1305, AeadChoice.preferred());
        } finally {
            if (old == null) {
                System.clearProperty("mwan3.tunnel.cipher");
            } else {
                System.setProperty("mwan3.tunnel.cipher", old);
            }
        }
    }
}
