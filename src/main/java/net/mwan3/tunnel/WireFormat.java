package net.mwan3.tunnel;

import java.nio.ByteBuffer;

/**
 * The tunnel's datagram layout. Every datagram is a 16-byte header (sent in the clear and authenticated as
 * AEAD associated data), the sealed payload and a 16-byte tag:
 *
 * <pre>
 *  0  version(4 bits) | type(4 bits)
 *  1  path id            the sender's path number; the receiver echoes it back on the same path
 *  2  flags              bit 0 STANDBY: the sender's WAN is offline in its tracker, use the path for beats only
 *                        bit 1 AES: sealed with AES-256-CTR-Poly1305, else ChaCha20-Poly1305 (see PacketCipher)
 *  3  reserved (0)
 *  4  session   u32      random per process start: keeps nonces unique across restarts without a clock
 *  8  global seq u32     data packets only; wrap-aware; de-dup and reorder work on it
 * 12  path seq  u32      every datagram on this path; part of the nonce, and per-path loss
 * </pre>
 *
 * A beat payload is six u32: the sender's microsecond clock, the echo of the last beat clock received on this
 * path and how long it was held (RTT = now - echo - hold, in the sender's own clock: no clock sync), the
 * datagrams lost on this path so far (gaps in the path seq: a path is one FIFO, so a gap is a loss), the bytes
 * received on it so far (both wrapping), and the receiver's session the sender has adopted (0: none yet), so a
 * path counts as up only once both ends take each other's data. All methods work on absolute indexes and
 * never allocate.
 */
public final class WireFormat {
    public static final int VERSION = 1;
    public static final int TYPE_DATA = 1;
    public static final int TYPE_BEAT = 2;
    public static final int HEADER = 16;
    public static final int TAG = 16;
    public static final int OVERHEAD = HEADER + TAG;
    public static final int BEAT_PAYLOAD = 24;
    /** On a beat: the sender will not use this path for data and asks the receiver not to either (T12). */
    public static final int FLAG_STANDBY = 1;
    /** The datagram is sealed with {@link AesCtrPoly1305} rather than {@link ChaCha20Poly1305}. */
    public static final int FLAG_AES = 2;
    /** Path ids are one byte, and schedulers return path sets as a 64-bit mask. */
    public static final int MAX_PATHS = 64;

    private WireFormat() {
    }

    /** Writes a header at index 0 of {@code buf} (absolute; position and limit unchanged). */
    public static void putHeader(ByteBuffer buf, int type, int pathId, int session, int globalSeq, int pathSeq) {
        putHeader(buf, type, pathId, 0, session, globalSeq, pathSeq);
    }

    /** As {@link #putHeader(ByteBuffer, int, int, int, int, int)}, with flags. */
    public static void putHeader(ByteBuffer buf, int type, int pathId, int flags, int session, int globalSeq,
                                 int pathSeq) {
        buf.put(0, (byte) (VERSION << 4 | type));
        buf.put(1, (byte) pathId);
        buf.put(2, (byte) flags);
        buf.put(3, (byte) 0);
        buf.putInt(4, session);
        buf.putInt(8, globalSeq);
        buf.putInt(12, pathSeq);
    }

    /**
     * Reads the header of a datagram of {@code length} bytes at index 0 into {@code out}; false (and {@code out}
     * unspecified) when it cannot be one of ours: too short, wrong version, unknown type, bad beat length.
     */
    public static boolean getHeader(ByteBuffer buf, int length, Header out) {
        if (length < OVERHEAD) {
            return false;
        }
        int b0 = buf.get(0) & 0xFF;
        int type = b0 & 0x0F;
        if (b0 >>> 4 != VERSION || (type != TYPE_DATA && type != TYPE_BEAT)
                || (buf.get(2) & ~(FLAG_STANDBY | FLAG_AES)) != 0 || buf.get(3) != 0) {
            return false;
        }
        if (type == TYPE_BEAT && length != OVERHEAD + BEAT_PAYLOAD) {
            return false;
        }
        out.type = type;
        out.pathId = buf.get(1) & 0xFF;
        out.flags = buf.get(2) & 0xFF;
        out.session = buf.getInt(4);
        out.globalSeq = buf.getInt(8);
        out.pathSeq = buf.getInt(12);
        return true;
    }

    /** Writes a beat payload at {@code offset}. */
    public static void putBeat(ByteBuffer buf, int offset, Beat beat) {
        buf.putInt(offset, beat.clockMicros);
        buf.putInt(offset + 4, beat.echoMicros);
        buf.putInt(offset + 8, beat.holdMicros);
        buf.putInt(offset + 12, beat.lostPackets);
        buf.putInt(offset + 16, beat.rxBytes);
        buf.putInt(offset + 20, beat.adoptedSession);
    }

    /** Reads a beat payload at {@code offset} into {@code out}. */
    public static void getBeat(ByteBuffer buf, int offset, Beat out) {
        out.clockMicros = buf.getInt(offset);
        out.echoMicros = buf.getInt(offset + 4);
        out.holdMicros = buf.getInt(offset + 8);
        out.lostPackets = buf.getInt(offset + 12);
        out.rxBytes = buf.getInt(offset + 16);
        out.adoptedSession = buf.getInt(offset + 20);
    }

    /**
     * A decoded header. Mutable on purpose: one instance per receiving thread is reused for every datagram,
     * so decoding allocates nothing.
     */
    public static final class Header {
        public int type;
        public int pathId;
        public int flags;
        public int session;
        public int globalSeq;
        public int pathSeq;
    }

    /** A beat's fields; mutable and reused for the same reason as {@link Header}. */
    public static final class Beat {
        public int clockMicros;
        public int echoMicros;
        public int holdMicros;
        public int lostPackets;
        public int rxBytes;
        public int adoptedSession;
    }
}
