package dev.virtdeck.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fixes for sshj's channel streams so they honour the {@link InputStream} contract. */
final class ChannelStreams {
    private ChannelStreams() {
    }

    /**
     * sshj's ChannelInputStream blocks on {@code read(b, off, 0)} until data arrives, instead of
     * returning 0; JDK helpers such as {@code readNBytes(n)} make exactly that call after reading
     * n bytes and would hang. This wrapper answers zero-length reads at once.
     */
    static InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    java.util.Objects.checkFromIndexSize(off, len, b.length);
                    return 0;
                }
                return super.read(b, off, len);
            }
        };
    }
}
