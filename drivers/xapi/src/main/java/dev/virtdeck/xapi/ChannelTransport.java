package dev.virtdeck.xapi;

import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.StreamChannel;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcStreamTransport;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Apache XML-RPC's transport replaced by one SSH channel per call: the SDK's request body goes out
 * as {@code POST / HTTP/1.1} with a Content-Length, on a fresh {@code direct-streamlocal} channel to
 * the host's XAPI socket, and the response (Content-Length, chunked, or up to EOF) is read whole
 * before the XML-RPC parser sees it. {@code Connection: close}: XAPI may keep a channel alive, but
 * one channel per call keeps concurrent calls apart and a failed call cannot poison the next.
 *
 * <p>A call has a deadline ({@link #CALL_TIMEOUT} of the calling thread, else the default): a
 * watchdog closes the channel then, and the call fails with {@link Timeout}. XAPI itself is not
 * told; the operation it was doing goes on (as with a dropped {@code xe} client).
 */
final class ChannelTransport extends XmlRpcStreamTransport {
    /** The current call's deadline, set by the session around one SDK call. */
    static final ThreadLocal<Duration> CALL_TIMEOUT = new ThreadLocal<>();
    static final int MAX_HEADER = 64 * 1024;

    /** Opens a new channel to the socket (throws the SSH layer's exceptions). */
    interface Opener extends Supplier<StreamChannel> {
    }

    /** The call did not finish before its deadline; the channel was closed. */
    static final class Timeout extends XmlRpcException {
        final Duration after;

        Timeout(Duration after) {
            super("no answer within " + after.toMillis() + " ms");
            this.after = after;
        }
    }

    /** The channel could not be opened, or broke: the SSH layer's exception, kept whole. */
    static final class ChannelFailure extends XmlRpcException {
        final transient VirtdeckException failure;

        ChannelFailure(VirtdeckException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    /** The factory the SDK's XmlRpcClient asks for a transport per call. */
    static XmlRpcTransportFactory factory(XmlRpcClient client, Opener opener, Duration defaultTimeout,
                                          ScheduledExecutorService watchdog) {
        return () -> new ChannelTransport(client, opener, defaultTimeout, watchdog);
    }

    private final Opener opener;
    private final Duration defaultTimeout;
    private final ScheduledExecutorService watchdog;
    private StreamChannel channel;
    private ScheduledFuture<?> alarm;
    private final AtomicBoolean fired = new AtomicBoolean();
    private Duration timeout;

    private ChannelTransport(XmlRpcClient client, Opener opener, Duration defaultTimeout,
                             ScheduledExecutorService watchdog) {
        super(client);
        this.opener = opener;
        this.defaultTimeout = defaultTimeout;
        this.watchdog = watchdog;
    }

    @Override
    protected void writeRequest(ReqWriter writer) throws XmlRpcException, IOException, org.xml.sax.SAXException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.write(body);
        Duration t = CALL_TIMEOUT.get();
        timeout = t != null ? t : defaultTimeout;
        try {
            channel = opener.get();
        } catch (VirtdeckException e) {
            throw new ChannelFailure(e);
        }
        StreamChannel ch = channel;
        alarm = watchdog.schedule(() -> {
            fired.set(true);
            ch.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        String head = "POST / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: virtdeck\r\nContent-Type: text/xml\r\n"
                + "Content-Length: " + body.size() + "\r\nConnection: close\r\n\r\n";
        try {
            OutputStream out = ch.output();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    protected InputStream getInputStream() throws XmlRpcException {
        try {
            return new ByteArrayInputStream(readResponse(new java.io.BufferedInputStream(channel.input())));
        } catch (IOException e) {
            throw broken(e);
        }
    }

    private XmlRpcException broken(IOException e) {
        if (fired.get()) return new Timeout(timeout);
        return new XmlRpcException("the channel to XAPI broke: " + e.getMessage(), e);
    }

    /** Reads one HTTP/1.1 response and returns its body; a status other than 200 is an error. */
    static byte[] readResponse(InputStream in) throws IOException, XmlRpcException {
        String status = line(in);
        if (status == null) throw new IOException("XAPI closed the channel without an answer");
        String[] words = status.split(" ", 3);
        if (words.length < 2 || !words[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + status);
        long length = -1;
        boolean chunked = false;
        int total = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            total += h.length();
            if (total > MAX_HEADER) throw new IOException("HTTP header too long");
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Long.parseLong(value);
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
        }
        byte[] body;
        if (chunked) body = chunked(in);
        else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) throw new IOException("XAPI's answer ended after " + body.length + " of " + length + " bytes");
        } else body = in.readAllBytes();
        if (!"200".equals(words[1])) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            throw new XmlRpcException("XAPI answered HTTP " + status.substring(words[0].length()).trim()
                    + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
        }
        return body;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) throw new IOException("chunked answer ended early");
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                    // trailers: ignored
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) throw new IOException("chunked answer ended early");
            out.write(chunk);
            line(in);
        }
    }

    /** @return one CRLF- (or LF-) terminated line without its terminator, or null at EOF before any byte */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (b.size() > MAX_HEADER) throw new IOException("HTTP line too long");
            b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    protected void close() {
        if (alarm != null) alarm.cancel(false);
        if (channel != null) channel.close();
    }

    @Override
    protected boolean isResponseGzipCompressed(XmlRpcStreamRequestConfig config) {
        return false;
    }
}
