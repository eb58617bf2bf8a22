package dev.virtdeck.libvirt;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.*;

/** Counting libvirt RPC messages from the raw client stream, however it is chunked. */
class RpcCounterTest {

    private static byte[] message(int program, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + bodyBytes);
        b.putInt(8 + bodyBytes).putInt(program);
        for (int i = 0; i < bodyBytes; i++) b.put((byte) 0x6b); // bytes that look like headers
        return b.array();
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int remote = 0x20008086;
        out.writeBytes(message(remote, 20));
        out.writeBytes(message(RpcCounter.KEEPALIVE_PROGRAM, 16));
        out.writeBytes(message(remote, 70_000)); // larger than the bridge's buffer
        out.writeBytes(message(remote, 0));
        out.writeBytes(message(remote, 33));
        return out.toByteArray();
    }

    @Test
    void countsMessagesButNotKeepalivesInOneChunk() {
        RpcCounter c = new RpcCounter();
        byte[] s = stream();
        c.feed(s, 0, s.length);
        assertEquals(4, c.messages());
    }

    @Test
    void countsTheSameWhateverTheChunking() {
        byte[] s = stream();
        for (int chunk : new int[] {1, 3, 7, 8, 9, 4096, 65536}) {
            RpcCounter c = new RpcCounter();
            for (int i = 0; i < s.length; i += chunk) c.feed(s, i, Math.min(chunk, s.length - i));
            assertEquals(4, c.messages(), "chunk " + chunk);
        }
    }

    @Test
    void aHeaderSplitAcrossFeedsCountsOnceWhenComplete() {
        RpcCounter c = new RpcCounter();
        byte[] m = message(0x20008086, 4);
        c.feed(m, 0, 5);
        assertEquals(0, c.messages());
        c.feed(m, 5, m.length - 5);
        assertEquals(1, c.messages());
    }
}
