package net.mwan3.ubus.wire;

import java.util.Arrays;

/**
 * One ubus message: the 8-byte header ({@code struct ubus_msghdr}: version, type, big-endian
 * 16-bit sequence and 32-bit peer) and a body that is one blob (the head attribute with ubus
 * attributes inside). A frame's length is known from its first 12 bytes, which {@link #bodyLength}
 * checks as ubusd does: at least a blob header, at most {@link #MAX_BODY} padded.
 */
public final class Message {
    public static final int HEADER = 8;
    /** Bytes a reader needs before it knows the frame's length: the header and the body's blob header. */
    public static final int PREFIX = HEADER + 4;
    /** {@code UBUS_MAX_MSGLEN} as OpenWrt builds ubus. */
    public static final int MAX_BODY = 1 << 20;

    private final int type;
    private final int seq;
    private final int peer;
    private final byte[] body;

    private Message(int type, int seq, int peer, byte[] body) {
        this.type = type;
        this.seq = seq & 0xffff;
        this.peer = peer;
        this.body = body;
    }

    public static Message of(MsgType type, int seq, int peer, byte[] body) {
        return new Message(type.code(), seq, peer, body);
    }

    /** The body length announced by a frame's first {@link #PREFIX} bytes; throws when ubusd would disconnect. */
    public static int bodyLength(byte[] prefix, int off) {
        int raw = (prefix[off + HEADER + 1] & 0xff) << 16 | (prefix[off + HEADER + 2] & 0xff) << 8
                | prefix[off + HEADER + 3] & 0xff;
        if (raw < 4) {
            throw new BlobFormatException("ubus frame body shorter than a blob header");
        }
        if (((raw + 3) & ~3) > MAX_BODY) {
            throw new BlobFormatException("ubus frame body of " + raw + " bytes exceeds " + MAX_BODY);
        }
        return raw;
    }

    /** A frame: {@link #HEADER} bytes then exactly the announced body. */
    public static Message decode(byte[] frame) {
        if (frame.length < PREFIX) {
            throw new BlobFormatException("ubus frame shorter than " + PREFIX + " bytes");
        }
        int len = bodyLength(frame, 0);
        if (frame.length != HEADER + len) {
            throw new BlobFormatException("ubus frame of " + frame.length + " bytes announces " + (HEADER + len));
        }
        int seq = (frame[2] & 0xff) << 8 | frame[3] & 0xff;
        int peer = (frame[4] & 0xff) << 24 | (frame[5] & 0xff) << 16 | (frame[6] & 0xff) << 8 | frame[7] & 0xff;
        return new Message(frame[1] & 0xff, seq, peer, Arrays.copyOfRange(frame, HEADER, frame.length));
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER + body.length];
        out[0] = 0;
        out[1] = (byte) type;
        out[2] = (byte) (seq >>> 8);
        out[3] = (byte) seq;
        out[4] = (byte) (peer >>> 24);
        out[5] = (byte) (peer >>> 16);
        out[6] = (byte) (peer >>> 8);
        out[7] = (byte) peer;
        System.arraycopy(body, 0, out, HEADER, body.length);
        return out;
    }

    /** The type, or null for a code ubus does not define. */
    public MsgType type() {
        return MsgType.of(type);
    }

    public int typeCode() {
        return type;
    }

    public int seq() {
        return seq;
    }

    public int peer() {
        return peer;
    }

    public Blob body() {
        return Blob.of(body);
    }

    public Attrs attrs() {
        return Attrs.parse(body());
    }

    public int length() {
        return HEADER + body.length;
    }

    @Override
    public String toString() {
        MsgType t = type();
        return (t == null ? "type " + type : t.toString()) + " seq " + seq + " peer " + Integer.toHexString(peer) + " ("
                + body.length + " bytes)";
    }
}
