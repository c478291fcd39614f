/**
 * Pure: the multipath tunnel's wire format, AEAD sealing, de-duplication and reorder windows, path health and
 * the per-mode schedulers; no I/O and no clock (every time is passed in as nanoseconds).
 */
package net.mwan3.tunnel;
