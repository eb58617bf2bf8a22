package dev.virtdeck.xapi;

import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.StreamChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's calls on the wire this module gives them: HTTP/1.1 on one channel per call to the XAPI
 * socket, XAPI's conventions (int64 as strings, ISO dates, failure arrays) read back by the SDK.
 * Each channel answers one scripted response; the driver's behaviour is proven by the contract
 * suite against the simulated pool, not here.
 */
class XapiWireTest {

    /** An SshHost whose streamlocal channels answer the scripted HTTP responses in turn. */
    static final class ScriptedChannels implements SshHost {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> requests = new ArrayList<>();
        final List<String> sockets = new ArrayList<>();
        volatile CountDownLatch hang;

        void answer(String xmlValue) {
            String body = "<?xml version='1.0'?><methodResponse><params><param><value>" + xmlValue
                    + "</value></param></params></methodResponse>";
            answers.add("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        }

        void success(String value) {
            answer("<struct><member><name>Status</name><value>Success</value></member><member><name>Value</name><value>"
                    + value + "</value></member></struct>");
        }

        void failure(String... description) {
            StringBuilder a = new StringBuilder("<array><data>");
            for (String d : description) a.append("<value>").append(d).append("</value>");
            a.append("</data></array>");
            answer("<struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name>"
                    + "<value>" + a + "</value></member></struct>");
        }

        @Override
        public String name() {
            return "xcp1";
        }

        @Override
        public Duration commandTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public ExecResult exec(RemoteCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecResult exec(RemoteCommand command, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RemoteProcess start(RemoteCommand command, boolean pty) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized StreamChannel openStreamLocal(String socketPath) {
            sockets.add(socketPath);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            CountDownLatch h = hang;
            InputStream in = h != null ? new InputStream() {
                @Override
                public int read() throws IOException {
                    try {
                        h.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("channel closed");
                }
            } : new ByteArrayInputStream(answers.remove().getBytes(StandardCharsets.UTF_8));
            return new StreamChannel() {
                boolean open = true;

                @Override
                public InputStream input() {
                    return in;
                }

                @Override
                public OutputStream output() {
                    return new OutputStream() {
                        @Override
                        public void write(int b) {
                            sent.write(b);
                        }

                        @Override
                        public void flush() {
                            synchronized (ScriptedChannels.this) {
                                requests.add(sent.toString(StandardCharsets.UTF_8));
                            }
                        }
                    };
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public String target() {
                    return "unix:" + socketPath;
                }

                @Override
                public void close() {
                    open = false;
                    if (h != null) h.countDown();
                }
            };
        }

        @Override
        public void close() {
        }
    }

    static String vmRecord() {
        return "<struct><member><name>OpaqueRef:v1</name><value><struct>"
                + "<member><name>uuid</name><value>0b8e5c1c-6f43-4c3e-9a57-3a1f0e2d4c11</value></member>"
                + "<member><name>name_label</name><value>web &lt;1&gt; &amp; co</value></member>"
                + "<member><name>power_state</name><value>Running</value></member>"
                + "<member><name>memory_static_max</name><value><string>2147483648</string></value></member>"
                + "<member><name>VCPUs_max</name><value>4</value></member>"
                + "<member><name>is_a_template</name><value><boolean>0</boolean></value></member>"
                + "<member><name>resident_on</name><value>OpaqueRef:h1</value></member>"
                + "<member><name>snapshot_time</name><value><dateTime.iso8601>20261207T03:15:00Z</dateTime.iso8601></value></member>"
                + "<member><name>HVM_shadow_multiplier</name><value><double>1.0</double></value></member>"
                + "<member><name>other_config</name><value><struct><member><name>k</name><value>v</value></member></struct></value></member>"
                + "</struct></value></member></struct>";
    }

    @Test
    void everyCallIsAnHttpPostOnItsOwnChannelToTheXapiSocket() {
        ScriptedChannels ssh = new ScriptedChannels();
        ssh.success("OpaqueRef:s1");
        ssh.success(vmRecord());
        XapiSession s = new XapiSession("xcp1", ssh, XapiSession.SOCKET);
        Map<VM, VM.Record> all = s.call(null, "VM.get_all_records", VM::getAllRecords);
        assertEquals(List.of(XapiSession.SOCKET, XapiSession.SOCKET), ssh.sockets);
        String login = ssh.requests.get(0);
        assertTrue(login.startsWith("POST / HTTP/1.1\r\n"), login);
        assertTrue(login.contains("Content-Type: text/xml\r\n") && login.contains("Connection: close\r\n"), login);
        int length = Integer.parseInt(login.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(length, login.substring(login.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8).length);
        assertTrue(login.contains("<methodName>session.login_with_password</methodName>"), login);
        assertTrue(login.contains("<value></value>") || login.contains("<value/>"), "empty user and password: " + login);
        String list = ssh.requests.get(1);
        assertTrue(list.contains("<methodName>VM.get_all_records</methodName>") && list.contains("OpaqueRef:s1"), list);

        VM.Record r = all.values().iterator().next();
        assertEquals("web <1> & co", r.nameLabel);
        assertEquals(Types.VmPowerState.RUNNING, r.powerState);
        assertEquals(2147483648L, r.memoryStaticMax);
        assertEquals(4L, r.VCPUsMax);
        assertEquals("OpaqueRef:h1", r.residentOn.toWireString());
        Calendar c = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        c.setTime(r.snapshotTime);
        assertEquals(2026, c.get(Calendar.YEAR));
        assertEquals(3, c.get(Calendar.HOUR_OF_DAY));
        assertEquals("v", r.otherConfig.get("k"));
    }

    @Test
    void anInvalidSessionLogsInAgainOnceAndRepeatsTheCall() {
        ScriptedChannels ssh = new ScriptedChannels();
        ssh.success("OpaqueRef:s1");
        ssh.failure("SESSION_INVALID", "OpaqueRef:s1");
        ssh.success("OpaqueRef:s2");
        ssh.success(vmRecord());
        XapiSession s = new XapiSession("xcp1", ssh, XapiSession.SOCKET);
        assertEquals(1, s.call(null, "VM.get_all_records", VM::getAllRecords).size());
        assertEquals(4, ssh.requests.size());
        assertTrue(ssh.requests.get(2).contains("session.login_with_password"));
        assertTrue(ssh.requests.get(3).contains("OpaqueRef:s2"), ssh.requests.get(3));

        ssh.failure("SESSION_INVALID", "OpaqueRef:s2");
        ssh.success("OpaqueRef:s3");
        ssh.failure("SESSION_INVALID", "OpaqueRef:s3");
        AuthFailedException e = assertThrows(AuthFailedException.class,
                () -> s.call("web", "VM.get_all_records", VM::getAllRecords));
        assertEquals("xcp1", e.host());
        assertEquals("VM.get_all_records", e.command());
        assertTrue(e.getMessage().contains("SESSION_INVALID"), e.getMessage());
    }

    @Test
    void aRefusedLoginIsAnAuthFailureAndNoPasswordIsSent() {
        ScriptedChannels ssh = new ScriptedChannels();
        ssh.failure("SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure");
        XapiSession s = new XapiSession("xcp1", ssh, XapiSession.SOCKET);
        AuthFailedException e = assertThrows(AuthFailedException.class, () -> s.call("web", "VM.get_all_records", VM::getAllRecords));
        assertEquals("session.login_with_password", e.command());
        assertTrue(e.getMessage().startsWith("xcp1: web: XAPI refused the local login"), e.getMessage());
    }

    @Test
    void aCallWithoutAnswerTimesOutAndItsChannelIsClosed() {
        ScriptedChannels ssh = new ScriptedChannels();
        ssh.success("OpaqueRef:s1");
        XapiSession s = new XapiSession("xcp1", ssh, XapiSession.SOCKET);
        ssh.success("<struct></struct>");
        s.call(null, "VM.get_all_records", VM::getAllRecords); // logs in
        ssh.hang = new CountDownLatch(1);
        long t0 = System.nanoTime();
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> s.call("web", "VM.clean_shutdown(u)", Duration.ofMillis(300), c -> {
                    VM.getAllRecords(c);
                    return null;
                }));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 5000, ms + " ms");
        assertEquals("VM.clean_shutdown(u)", e.command());
        assertTrue(e.getMessage().contains("within 0.3 s"), e.getMessage());
        assertEquals(0, ssh.hang.getCount(), "the watchdog closed the channel");
    }

    @Test
    void httpFramesAreReadByLengthByChunksOrToTheEnd() throws Exception {
        byte[] chunked = ChannelTransport.readResponse(new ByteArrayInputStream(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n".getBytes()));
        assertEquals("abcde", new String(chunked));
        byte[] eof = ChannelTransport.readResponse(new ByteArrayInputStream("HTTP/1.0 200 OK\n\nxyz".getBytes()));
        assertEquals("xyz", new String(eof));
        Exception e = assertThrows(org.apache.xmlrpc.XmlRpcException.class, () -> ChannelTransport.readResponse(
                new ByteArrayInputStream("HTTP/1.1 500 Internal Error\r\nContent-Length: 4\r\n\r\noops".getBytes())));
        assertTrue(e.getMessage().contains("HTTP 500 Internal Error: oops"), e.getMessage());
        assertThrows(IOException.class, () -> ChannelTransport.readResponse(
                new ByteArrayInputStream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort".getBytes())));
        assertThrows(IOException.class, () -> ChannelTransport.readResponse(new ByteArrayInputStream(new byte[0])));
    }
}
