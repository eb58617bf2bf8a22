package dev.virtdeck.sim.xapi;

import dev.virtdeck.sim.HostExtensions;
import dev.virtdeck.sim.SimHost;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 side of the XAPI socket on one member: {@code POST /} with {@code Content-Length} and an XML-RPC
 * body, answered with {@code 200 OK}, {@code Content-Type: text/xml} and the methodResponse. Several requests may
 * follow on one connection (keep-alive) until the client sends {@code Connection: close}, speaks HTTP/1.0 without
 * keep-alive, or ends its side (EOF).
 */
final class XapiHttp implements HostExtensions.UnixSocket {

    private static final int MAX_LINE = 8192;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final SimXapiPool pool;
    private final SimHost member;

    XapiHttp(SimXapiPool pool, SimHost member) {
        this.pool = pool;
        this.member = member;
    }

    @Override
    public void serve(InputStream raw, OutputStream out) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        while (true) {
            String requestLine = readLine(in);
            while (requestLine != null && requestLine.isEmpty()) {
                requestLine = readLine(in); // tolerate stray CRLFs between requests
            }
            if (requestLine == null) {
                return; // EOF between requests
            }
            String[] rl = requestLine.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while ((h = readLine(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            if (h == null || rl.length != 3 || !rl[2].startsWith("HTTP/1.")) {
                respond(out, 400, "Bad Request", "text/plain", "bad request\n", true);
                return;
            }
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean close = connection.contains("close")
                    || rl[2].equals("HTTP/1.0") && !connection.contains("keep-alive");
            if (!rl[0].equals("POST") || !(rl[1].equals("/") || rl[1].equals("/RPC2"))) {
                // RECONSTRUCTED: xapi serves other handlers (GET exports, /jsonrpc...): not simulated
                respond(out, 404, "Not Found", "text/plain", "sim: only POST / (XML-RPC) is simulated\n", close);
                if (close) {
                    return;
                }
                skipBody(in, headers);
                continue;
            }
            String cl = headers.get("content-length");
            if (cl == null || !cl.matches("\\d{1,9}") || Integer.parseInt(cl) > MAX_BODY) {
                respond(out, 411, "Length Required", "text/plain", "Content-Length required\n", true);
                return;
            }
            byte[] body = in.readNBytes(Integer.parseInt(cl));
            if (body.length < Integer.parseInt(cl)) {
                return; // the client went away mid-body
            }
            String xml = pool.handle(member, body);
            respond(out, 200, "OK", "text/xml", xml, close);
            if (close) {
                return;
            }
        }
    }

    private static void skipBody(InputStream in, Map<String, String> headers) throws IOException {
        String cl = headers.get("content-length");
        if (cl != null && cl.matches("\\d{1,9}")) {
            in.skipNBytes(Math.min(Long.parseLong(cl), MAX_BODY));
        }
    }

    private static void respond(OutputStream out, int code, String reason, String type, String body, boolean close)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + code + " " + reason + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + b.length + "\r\n"
                + "Cache-Control: no-cache, no-store\r\n"
                + "Connection: " + (close ? "close" : "keep-alive") + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    /** One header line without its CRLF (a bare LF is accepted); null at EOF before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("header line too long");
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
