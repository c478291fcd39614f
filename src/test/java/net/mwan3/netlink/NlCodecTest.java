package net.mwan3.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Alignment and framing, and what malformed bytes do: a {@link NetlinkFormatException}, nothing worse. */
class NlCodecTest {

    @Test
    void attributesArePaddedToFourBytesAndReadBack() {
        byte[] m = NlWriter.header(0x22, 0).putInt(7).attrString(3, "eth1").attrU8(21, 2).attrU32(6, 2001)
                .attrU32be(8, 0x100).toBytes();
        // 16 header + 4 + (4+5 → 12) + (4+1 → 8) + 8 + 8
        assertEquals(56, m.length);
        NlMessage msg = NetlinkRecordingsTest.parseOne(m);
        assertEquals(0x22, msg.type());
        assertEquals(NlMessage.F_REQUEST, msg.flags());
        NlAttrs a = NlAttrs.parse(msg.body(), 4);
        assertEquals(List.of(3, 21, 6, 8), List.copyOf(a.types()));
        assertEquals("eth1", a.string(3));
        assertEquals(2, a.u8(21));
        assertEquals(2001, a.u32(6));
        assertEquals(0x100, a.u32be(8));
        assertEquals(0x100, NlAttrs.parse(msg.body(), 4).u32be(8));
    }

    @Test
    void nestedAttributesKeepTheirContents() {
        byte[] inner = NlWriter.header(0, 0).attrU32(2, 5).toBytes();
        byte[] contents = java.util.Arrays.copyOfRange(inner, 16, inner.length);
        byte[] m = NlWriter.header(1, 0).attr(1 | NlAttrs.F_NESTED, contents).toBytes();
        NlAttrs outer = NlAttrs.parse(NetlinkRecordingsTest.parseOne(m).body(), 0);
        assertEquals(5, outer.nested(1).u32(2), "the nested flag is not part of the type");
    }

    @Test
    void severalMessagesInOneDatagram() {
        byte[] a = NlWriter.header(1, 0).attrU8(1, 1).toBytes();
        byte[] b = NlWriter.header(2, 0).toBytes();
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals(List.of(1, 2), NlMessage.parseAll(both, both.length).stream().map(NlMessage::type).toList());
    }

    @Test
    void lengthsThatLieAreMalformed() {
        byte[] m = NlWriter.header(1, 0).attrU32(1, 1).toBytes();
        m[0] = (byte) 200;
        assertThrows(NetlinkFormatException.class, () -> NlMessage.parseAll(m, m.length));
        byte[] attr = NlWriter.header(1, 0).attrU32(1, 1).toBytes();
        attr[16] = 40; // attribute length past the message
        NlMessage msg = NetlinkRecordingsTest.parseOne(attr);
        assertThrows(NetlinkFormatException.class, () -> NlAttrs.parse(msg.body(), 0));
        byte[] shortValue = NlWriter.header(1, 0).attrU8(6, 1).toBytes();
        NlAttrs a = NlAttrs.parse(NetlinkRecordingsTest.parseOne(shortValue).body(), 0);
        assertThrows(NetlinkFormatException.class, () -> a.u32(6), "a 1-byte value read as 4 bytes");
        assertThrows(NetlinkFormatException.class, () -> a.u32(7), "a missing attribute");
    }

    /** Every recorded reply with random bytes flipped: decoded or refused as malformed, never another failure. */
    @Test
    void garbageIsRefusedNotFatal() {
        Random rnd = new Random(16);
        for (String name : List.of("rules-v4", "routes-v4", "routes-v6", "addresses", "conntrack-mark", "route-bad-gateway")) {
            for (byte[] d : Recording.datagrams(name)) {
                for (int round = 0; round < 300; round++) {
                    byte[] g = d.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                        g[rnd.nextInt(g.length)] = (byte) rnd.nextInt(256);
                    }
                    decodeAll(g);
                }
            }
        }
    }

    private static void decodeAll(byte[] g) {
        try {
            for (NlMessage m : NlMessage.parseAll(g, g.length)) {
                switch (m.type()) {
                    case RuleMessages.RTM_NEWRULE -> RuleMessages.parse(m);
                    case RouteMessages.RTM_NEWROUTE -> RouteMessages.parse(m, i -> "if" + i);
                    case LinkMessages.RTM_NEWLINK -> LinkMessages.link(m);
                    case LinkMessages.RTM_NEWADDR -> LinkMessages.address(m);
                    case ConntrackMessages.ENTRY -> ConntrackMessages.entry(m);
                    case NlMessage.ERROR -> {
                        m.errno();
                        m.extAck();
                    }
                    default -> { }
                }
            }
        } catch (NetlinkFormatException e) {
            assertEquals(true, e.getMessage().startsWith("malformed netlink message"));
        }
    }
}
