package dev.virtdeck.libvirt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the libvirt RPC messages the client sends, from the raw byte stream (libvirt's framing:
 * every message starts with its total length, 4 bytes big-endian, length included, then the
 * program number). Keepalive messages (program {@code 0x6b656570}) are not counted. Each counted
 * message is one request and so one round trip on the link. Fed by one thread (the bridge's
 * upstream pump); read from any.
 */
final class RpcCounter {
    static final int KEEPALIVE_PROGRAM = 0x6b656570;
    private static final int HEADER = 8;

    private final byte[] header = new byte[HEADER];
    private int headerFill;
    /** Bytes of the current message's body still to skip (after its 8 header bytes). */
    private long skip;
    private final AtomicLong messages = new AtomicLong();

    /** Feeds bytes the client sent, in order. */
    void feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill < HEADER) continue;
            headerFill = 0;
            long length = Integer.toUnsignedLong(readInt(0));
            int program = readInt(4);
            if (program != KEEPALIVE_PROGRAM) messages.incrementAndGet();
            skip = Math.max(0, length - HEADER);
        }
    }

    /** @return messages sent so far, keepalives excluded */
    long messages() {
        return messages.get();
    }

    private int readInt(int at) {
        return (header[at] & 0xff) << 24 | (header[at + 1] & 0xff) << 16 | (header[at + 2] & 0xff) << 8
                | (header[at + 3] & 0xff);
    }
}
