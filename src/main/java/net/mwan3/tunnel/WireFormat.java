package net.mwan3.tunnel;

import java.nio.ByteBuffer;

/**
 * The relay's datagram layout (version 2). Every datagram is a 28-byte header, a payload and a 16-byte tag
 * (truncated HMAC-SHA256 of header and payload, see {@link DatagramMac}); nothing is encrypted here, the data
 * payload is a WireGuard datagram and WireGuard encrypts.
 *
 * <pre>
 *  0  version(4 bits) = 2 | type(4 bits)
 *  1  path id             the client's path number; the server answers on the same path
 *  2  flags               bit 0 STANDBY: the sender's WAN is offline in its tracker, the path carries beats only
 *  3  reserved (0)
 *  4  session  u64        the session id (0 in HELLO, CHALLENGE, RESPONSE): picks the MAC key
 * 12  seq      u64        DATA: the global sequence number (de-dup and reorder); 0 otherwise
 * 20  path seq u64        every session datagram on this path, from 1: per-path loss, and beats must grow
 * 28  payload
 * </pre>
 *
 * Payloads: HELLO = stamp u64, client nonce (16), 8 zero bytes (as long as a CHALLENGE: no amplification);
 * CHALLENGE = client nonce, server nonce; RESPONSE = client nonce, server nonce, the client's run id u64;
 * BEAT = echo u64 (the path seq of the peer's latest beat received on this path, 0: none), hold u64 (µs it was
 * held before this beat), lost u64 (the peer's datagrams missing on this path so far), bytes u64 (received on
 * this path so far). Every number is 64-bit and never wraps. Absolute indexes; nothing allocates.
 */
public final class WireFormat {
    public static final int VERSION = 2;
    public static final int TYPE_DATA = 1;
    public static final int TYPE_BEAT = 2;
    public static final int TYPE_HELLO = 3;
    public static final int TYPE_CHALLENGE = 4;
    public static final int TYPE_RESPONSE = 5;
    public static final int HEADER = 28;
    public static final int TAG = 16;
    public static final int OVERHEAD = HEADER + TAG;
    public static final int NONCE = 16;
    public static final int HELLO_PAYLOAD = 32;
    public static final int CHALLENGE_PAYLOAD = 2 * NONCE;
    public static final int RESPONSE_PAYLOAD = 2 * NONCE + 8;
    public static final int BEAT_PAYLOAD = 32;
    public static final int FLAG_STANDBY = 1;
    /** Path ids are one byte, and schedulers return path sets as a 64-bit mask. */
    public static final int MAX_PATHS = 64;

    private WireFormat() {
    }

    /** Writes a header at index 0 of {@code buf}. */
    public static void putHeader(ByteBuffer buf, int type, int pathId, int flags, long session, long seq,
                                 long pathSeq) {
        buf.put(0, (byte) (VERSION << 4 | type));
        buf.put(1, (byte) pathId);
        buf.put(2, (byte) flags);
        buf.put(3, (byte) 0);
        buf.putLong(4, session);
        buf.putLong(12, seq);
        buf.putLong(20, pathSeq);
    }

    /**
     * The type of a datagram of {@code length} bytes at index 0, or -1 when it cannot be one of ours (wrong
     * version, unknown type or flags, wrong length for its type). Says nothing of authenticity.
     */
    public static int type(ByteBuffer buf, int length) {
        if (length < OVERHEAD) {
            return -1;
        }
        int b0 = buf.get(0) & 0xFF;
        int type = b0 & 0x0F;
        if (b0 >>> 4 != VERSION || (buf.get(2) & ~FLAG_STANDBY) != 0 || buf.get(3) != 0
                || (buf.get(1) & 0xFF) >= MAX_PATHS) {
            return -1;
        }
        int payload = length - OVERHEAD;
        boolean ok = switch (type) {
            case TYPE_DATA -> payload > 0;
            case TYPE_BEAT -> payload == BEAT_PAYLOAD;
            case TYPE_HELLO -> payload == HELLO_PAYLOAD;
            case TYPE_CHALLENGE -> payload == CHALLENGE_PAYLOAD;
            case TYPE_RESPONSE -> payload == RESPONSE_PAYLOAD;
            default -> false;
        };
        return ok ? type : -1;
    }

    public static int pathId(ByteBuffer buf) {
        return buf.get(1) & 0xFF;
    }

    public static int flags(ByteBuffer buf) {
        return buf.get(2) & 0xFF;
    }

    public static long session(ByteBuffer buf) {
        return buf.getLong(4);
    }

    public static long seq(ByteBuffer buf) {
        return buf.getLong(12);
    }

    public static long pathSeq(ByteBuffer buf) {
        return buf.getLong(20);
    }

    /** Copies {@link #NONCE} bytes at payload offset {@code at} into {@code out}. */
    public static void nonce(ByteBuffer buf, int at, byte[] out) {
        buf.get(HEADER + at, out, 0, NONCE);
    }

    /** A beat's fields; mutable and reused so decoding allocates nothing. */
    public static final class Beat {
        public long echo;
        public long holdMicros;
        public long lost;
        public long rxBytes;

        public void put(ByteBuffer buf) {
            buf.putLong(HEADER, echo);
            buf.putLong(HEADER + 8, holdMicros);
            buf.putLong(HEADER + 16, lost);
            buf.putLong(HEADER + 24, rxBytes);
        }

        public void get(ByteBuffer buf) {
            echo = buf.getLong(HEADER);
            holdMicros = buf.getLong(HEADER + 8);
            lost = buf.getLong(HEADER + 16);
            rxBytes = buf.getLong(HEADER + 24);
        }
    }
}
