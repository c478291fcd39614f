package net.mwan3.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The mark arithmetic of mwan3 2.12.2's common.sh (reference §2). */
class MarkMaskTest {

    @Test
    void defaultMask() {
        MarkMask m = MarkMask.DEFAULT;
        assertEquals(0x3F00, m.mask());
        assertEquals(6, m.bits());
        assertEquals(63, m.mmDefault());
        assertEquals(62, m.mmUnreachable());
        assertEquals(61, m.mmBlackhole());
        assertEquals(60, m.interfaceMax());
        assertEquals(0x3f00, m.defaultMark());
        assertEquals(0x3e00, m.unreachableMark());
        assertEquals(0x3d00, m.blackholeMark());
        assertEquals(0x100, m.interfaceMark(1));
        assertEquals(0x200, m.interfaceMark(2));
        assertEquals(0x300, m.interfaceMark(3));
        assertEquals(0x3c00, m.interfaceMark(60));
        assertEquals("0x3f00", m.toString());
    }

    @Test
    void oldDefaultMaskFF00() {
        MarkMask m = new MarkMask(0xFF00);
        assertEquals(255, m.mmDefault());
        assertEquals(254, m.mmUnreachable());
        assertEquals(253, m.mmBlackhole());
        assertEquals(252, m.interfaceMax());
        assertEquals(0xff00, m.defaultMark());
        assertEquals(0xfe00, m.unreachableMark());
        assertEquals(0xfd00, m.blackholeMark());
        assertEquals(0x100, m.interfaceMark(1));
        assertEquals(0x300, m.interfaceMark(3));
    }

    @Test
    void nonContiguousMaskSpreadsBitsLsbFirst() {
        MarkMask m = new MarkMask(0xAA);
        assertEquals(0x22, m.id2mask(5), "5 = 0b101 over bits 1,3,5,7 -> bits 1 and 5");
        assertEquals(0x02, m.id2mask(1));
        assertEquals(0x08, m.id2mask(2));
        assertEquals(0xAA, m.id2mask(15));
        assertEquals(0xAA, m.defaultMark(), "MMX_DEFAULT is the mask itself");
        assertEquals(15, m.mmDefault());
        assertEquals(0x0, m.id2mask(16), "bits beyond the mask's width are dropped");
        MarkMask split = new MarkMask(0x80000101L);
        assertEquals(0x80000001L, split.id2mask(5), "the 32nd bit is used");
    }

    @Test
    void mask2idInvertsId2mask() {
        for (long mask : new long[] {0x3F00, 0xFF00, 0xAA, 0x80000101L, 0xF0F0F0F0L, 0xFFFFFFFFL}) {
            MarkMask m = new MarkMask(mask);
            for (long id = 0; id <= Math.min(m.mmDefault(), 4096); id++) {
                long mark = m.id2mask(id);
                assertEquals(mark, mark & mask, "a mark stays inside the mask");
                assertEquals(id, m.mask2id(mark), () -> "mask " + MarkMask.hex(mask));
            }
        }
        assertEquals(5, new MarkMask(0xAA).mask2id(0x22 | 0x55), "bits outside the mask are ignored");
    }

    @Test
    void fullMask() {
        MarkMask m = new MarkMask(0xFFFFFFFFL);
        assertEquals(32, m.bits());
        assertEquals(0xFFFFFFFFL, m.defaultMark());
        assertEquals(0xFFFFFFFCL, m.interfaceMax());
    }

    @Test
    void hexIsLowerCaseWithoutPadding() {
        assertEquals("0x0", MarkMask.hex(0));
        assertEquals("0x100", MarkMask.hex(0x100));
        assertEquals("0xff00", MarkMask.hex(0xFF00));
    }

    @Test
    void maskMustBeANonZero32BitValue() {
        assertThrows(IllegalArgumentException.class, () -> new MarkMask(0));
        assertThrows(IllegalArgumentException.class, () -> new MarkMask(-1));
        assertThrows(IllegalArgumentException.class, () -> new MarkMask(0x1_0000_0000L));
    }
}
