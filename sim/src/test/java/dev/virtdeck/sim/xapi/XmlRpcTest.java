package dev.virtdeck.sim.xapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's XML-RPC codec on hand-written documents. */
class XmlRpcTest {

    private static XmlRpc.Call parse(String xml) throws XmlRpc.ParseException {
        return XmlRpc.parseCall(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyTypeOfACall() throws Exception {
        XmlRpc.Call c = parse("""
                <?xml version="1.0"?>
                <methodCall>
                  <methodName>VM.frob</methodName>
                  <params>
                    <param><value><string>a &lt;b&gt; &amp; c</string></value></param>
                    <param><value>bare text</value></param>
                    <param><value><i4>-7</i4></value></param>
                    <param><value><int>42</int></value></param>
                    <param><value><i8>8589934592</i8></value></param>
                    <param><value><boolean>1</boolean></value></param>
                    <param><value><double>0.25</double></value></param>
                    <param><value><dateTime.iso8601>20261207T03:15:00Z</dateTime.iso8601></value></param>
                    <param><value><base64>aGVsbG8=</base64></value></param>
                    <param><value><struct>
                      <member><name>k</name><value><array><data><value>x</value><value><int>1</int></value></data></array></value></member>
                      <member><name>empty</name><value></value></member>
                    </struct></value></param>
                    <param><value><nil/></value></param>
                  </params>
                </methodCall>
                """);
        assertEquals("VM.frob", c.method());
        List<Object> p = c.params();
        assertEquals("a <b> & c", p.get(0));
        assertEquals("bare text", p.get(1));
        assertEquals(-7, p.get(2));
        assertEquals(42, p.get(3));
        assertEquals(8589934592L, p.get(4));
        assertEquals(true, p.get(5));
        assertEquals(0.25, p.get(6));
        assertEquals(Instant.parse("2026-12-07T03:15:00Z"), p.get(7));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), (byte[]) p.get(8));
        assertEquals(Map.of("k", List.of("x", 1), "empty", ""), p.get(9));
        assertEquals(null, p.get(10));
    }

    @Test
    void responsesRoundTripWithXapiBareStrings() throws Exception {
        Map<String, Object> v = Records.struct("Status", "Success", "Value", Records.struct(
                "name", "q\"uote <x> & y\r\n", "n", "268435456", "b", false, "d", 1.5,
                "t", Instant.parse("2026-12-07T03:15:00Z"), "l", List.of("a", List.of())));
        String xml = XmlRpc.response(v, false);
        assertEquals(true, xml.contains("<value>q\"uote &lt;x&gt; &amp; y&#13;\n</value>"), xml);
        assertEquals(true, xml.contains("<value><dateTime.iso8601>20261207T03:15:00Z</dateTime.iso8601></value>"));
        assertEquals(v, XmlRpc.parseResponse(xml.getBytes(StandardCharsets.UTF_8)));
        String typed = XmlRpc.response(v, true);
        assertEquals(true, typed.contains("<value><string>268435456</string></value>"), typed);
        assertEquals(v, XmlRpc.parseResponse(typed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformedDocumentsAndEntitiesAreRefused() {
        assertThrows(XmlRpc.ParseException.class, () -> parse("<methodCall><methodName>x</methodName><params>"));
        assertThrows(XmlRpc.ParseException.class, () -> parse("<methodCall><params></params></methodCall>"));
        assertThrows(XmlRpc.ParseException.class, () -> parse(
                "<methodCall><methodName>x</methodName><params><param><value><i4>z</i4></value></param></params></methodCall>"));
        assertThrows(XmlRpc.ParseException.class, () -> parse("<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><methodCall><methodName>&e;</methodName></methodCall>"));
    }
}
