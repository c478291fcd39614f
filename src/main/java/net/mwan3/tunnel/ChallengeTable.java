package net.mwan3.tunnel;

import java.util.Arrays;

/**
 * The server's outstanding CHALLENGEs: one per (path id, address) that sent a fresh, authentic HELLO, holding
 * both nonces, for {@link #TTL_NANOS}. A RESPONSE completes a path only if it names the pending nonces and comes
 * from the same address; each challenge is used once. Only fresh HELLOs (key and a never-seen stamp) make an
 * entry, so an attacker without the key cannot fill the table; it is fixed-size anyway (the oldest entry goes).
 * Pure, not thread-safe.
 */
public final class ChallengeTable {
    public static final long TTL_NANOS = 2_000_000_000L;
    private static final int SLOTS = 64;
    private final int[] pathId = new int[SLOTS];
    private final byte[][] from = new byte[SLOTS][];
    private final byte[][] clientNonce = new byte[SLOTS][];
    private final byte[][] serverNonce = new byte[SLOTS][];
    private final long[] at = new long[SLOTS];
    private int next;

    /** Remembers a challenge sent at {@code now}. */
    public void put(int path, byte[] address, byte[] cn, byte[] sn, long now) {
        int i = next++ % SLOTS;
        if (next == Integer.MAX_VALUE) {
            next = 0;
        }
        pathId[i] = path;
        from[i] = address.clone();
        clientNonce[i] = cn.clone();
        serverNonce[i] = sn.clone();
        at[i] = now;
    }

    /**
     * Whether a RESPONSE on {@code path} from {@code address} naming {@code cn} and {@code sn} answers a live
     * challenge; if so the challenge is used up. {@code sameAddress} compares two sockaddrs.
     */
    public boolean consume(int path, byte[] address, byte[] cn, byte[] sn, long now,
                           java.util.function.BiPredicate<byte[], byte[]> sameAddress) {
        for (int i = 0; i < SLOTS; i++) {
            if (from[i] != null && pathId[i] == path && now - at[i] <= TTL_NANOS
                    && DatagramMac.same(serverNonce[i], sn) && DatagramMac.same(clientNonce[i], cn)
                    && sameAddress.test(from[i], address)) {
                from[i] = null;
                return true;
            }
        }
        return false;
    }

    /** How many live challenges are held (tests). */
    public int live(long now) {
        return (int) java.util.stream.IntStream.range(0, SLOTS).filter(i -> from[i] != null && now - at[i] <= TTL_NANOS)
                .count();
    }

    @Override
    public String toString() {
        return "ChallengeTable[" + Arrays.stream(from).filter(java.util.Objects::nonNull).count() + "]";
    }
}
