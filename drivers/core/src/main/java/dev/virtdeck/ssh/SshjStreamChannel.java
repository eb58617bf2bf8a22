package dev.virtdeck.ssh;

import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link StreamChannel} on an sshj direct channel; closing is handed to the pool's background thread. */
final class SshjStreamChannel implements StreamChannel {
    private final AbstractDirectChannel channel;
    private final String target;
    private final InputStream input;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    SshjStreamChannel(AbstractDirectChannel channel, String target, Runnable onClose) {
        this.channel = channel;
        this.target = target;
        this.input = ChannelStreams.input(channel.getInputStream());
        this.onClose = onClose;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return channel.getOutputStream();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) onClose.run();
    }

    @Override
    public String toString() {
        return "StreamChannel[" + target + "]";
    }
}
