package net.mwan3.model;

/**
 * The firewall-mark bits mwan3 owns ({@code mmx_mask}) and the mark arithmetic of mwan3 2.12.2's
 * {@code common.sh}. Every mark, table number and rule priority derives from here, so LuCI and any
 * script that greps {@code ip rule} keep working.
 *
 * <p>The mask need not be contiguous: {@link #id2mask} spreads the bits of a value, least
 * significant first, over the set bits of the mask, exactly as the shell does.
 */
public record MarkMask(long mask) {

    /** mwan3's default since 2.6.12. */
    public static final MarkMask DEFAULT = new MarkMask(0x3F00);

    public MarkMask {
        if (mask <= 0 || mask > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mmx_mask must be a non-zero 32-bit value");
        }
    }

    public int bits() {
        return Long.bitCount(mask);
    }

    /** MM_DEFAULT: all bits of the mask set, the mark of traffic that uses the main table. */
    public long mmDefault() {
        return (1L << bits()) - 1;
    }

    public long mmUnreachable() {
        return mmDefault() - 1;
    }

    public long mmBlackhole() {
        return mmDefault() - 2;
    }

    /** The highest interface id that does not collide with the three special marks. */
    public long interfaceMax() {
        return mmDefault() - 3;
    }

    /** Spreads {@code value}'s bits (LSB first) over the mask's set bits (LSB first). */
    public long id2mask(long value) {
        long result = 0;
        long v = value;
        for (int bit = 0; bit < 32 && v != 0; bit++) {
            if ((mask & (1L << bit)) != 0) {
                if ((v & 1) != 0) {
                    result |= 1L << bit;
                }
                v >>>= 1;
            }
        }
        return result;
    }

    /** The inverse of {@link #id2mask}: collects the mask's bits of a mark back into a value. */
    public long mask2id(long mark) {
        long result = 0;
        int out = 0;
        for (int bit = 0; bit < 32; bit++) {
            if ((mask & (1L << bit)) != 0) {
                if ((mark & (1L << bit)) != 0) {
                    result |= 1L << out;
                }
                out++;
            }
        }
        return result;
    }

    /** MMX_DEFAULT, the mark probes and {@code mwan3 use} carry; equal to the mask itself. */
    public long defaultMark() {
        return id2mask(mmDefault());
    }

    public long unreachableMark() {
        return id2mask(mmUnreachable());
    }

    public long blackholeMark() {
        return id2mask(mmBlackhole());
    }

    /** The mark of interface {@code id}. */
    public long interfaceMark(int id) {
        return id2mask(id);
    }

    /** Lower-case hex without padding, as {@code printf 0x%x} prints it. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    @Override
    public String toString() {
        return hex(mask);
    }
}
