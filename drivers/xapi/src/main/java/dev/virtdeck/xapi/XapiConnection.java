package dev.virtdeck.xapi;

import com.xensource.xenapi.Connection;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SDK's {@link Connection} with every call carried by this module's XML-RPC client, whose
 * transport is an SSH channel ({@link ChannelTransport}): the SDK's generated classes
 * ({@code VM.getAllRecords(c)}, ...) call {@link #dispatch}, which this class overrides, so no SDK
 * call ever opens a socket of its own. The URL given to the superclass is never contacted.
 *
 * <p>Like the SDK's, this connection remembers the session a successful
 * {@code session.login_with_password} returned and sends it as the first parameter of every later
 * call ({@link #getSessionReference}); a failure answer becomes {@link XapiFailure}.
 */
final class XapiConnection extends Connection {
    private static final URL NOWHERE = url();

    private final XmlRpcClient client;
    private volatile String session;

    /** @param transport makes the transport of each call, given this connection's client */
    XapiConnection(Function<XmlRpcClient, XmlRpcTransportFactory> transport) {
        super(NOWHERE);
        client = new XmlRpcClient();
        client.setConfig(getConfig()); // the SDK's settings: UTC for dates
        client.setTransportFactory(transport.apply(client));
    }

    private static URL url() {
        try {
            return new URL("http", "localhost", "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Map dispatch(String method, Object[] params) throws XmlRpcException {
        Object answer = client.execute(method, params);
        if (!(answer instanceof Map<?, ?> m)) {
            throw new XmlRpcException("XAPI answered " + method + " with " + (answer == null ? "nothing" : "a "
                    + answer.getClass().getSimpleName()) + " instead of a struct");
        }
        Object status = m.get("Status");
        if ("Success".equals(status)) {
            if (method.equals("session.login_with_password") && m.get("Value") instanceof String ref) session = ref;
            if (method.equals("session.logout")) session = null;
            return (Map) m;
        }
        if ("Failure".equals(status)) throw new XapiFailure(method, strings(m.get("ErrorDescription")));
        throw new XmlRpcException("XAPI answered " + method + " with Status " + status);
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Object[] a) {
            for (Object x : a) out.add(String.valueOf(x));
        } else if (o instanceof List<?> l) {
            for (Object x : l) out.add(String.valueOf(x));
        } else if (o != null) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    @Override
    public String getSessionReference() {
        return session;
    }

    /** Forgets the session (after SESSION_INVALID), so the next login starts afresh. */
    void forgetSession() {
        session = null;
    }
}
