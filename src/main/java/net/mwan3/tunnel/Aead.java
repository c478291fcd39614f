package net.mwan3.tunnel;

/**
 * A per-datagram AEAD of the tunnel: {@code seal}/{@code open} encrypt and authenticate, {@code sign}/{@code
 * verify} only authenticate ({@code encryption '0'}). Lengths and offsets as in {@link ChaCha20Poly1305}; a
 * failed {@code open} or {@code verify} returns -1 and leaves {@code out} untouched. Not thread-safe.
 */
sealed interface Aead permits ChaCha20Poly1305, AesCtrPoly1305 {
    int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff);

    int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff);

    int sign(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff);

    int verify(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff);
}
