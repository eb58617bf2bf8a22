package dev.virtdeck.sim.xapi;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML-RPC codec of the simulated XAPI (written for the simulator, no XML-RPC library, no XenServer SDK).
 *
 * <p>Java values: {@code String}, {@code Integer} (int/i4), {@code Long} (i8), {@code Boolean}, {@code Double},
 * {@link Instant} (dateTime.iso8601), {@code byte[]} (base64), {@code Map<String,Object>} (struct, member order
 * kept), {@code List<Object>} (array), and {@code null} (nil). A {@code <value>} with bare text and no type
 * element is a string, as the XML-RPC specification says.
 *
 * <p>Writing follows XAPI: strings are written as bare {@code <value>text</value>} (as xapi's XML-RPC printer
 * does) unless {@code stringElements} asks for {@code <value><string>text</string></value>}; XAPI's int64 values
 * are Java strings already (the object model stores them as decimal strings), dates are
 * {@code yyyyMMdd'T'HH:mm:ss'Z'}.
 */
public final class XmlRpc {

    /** XAPI's dateTime.iso8601 layout, e.g. 20261207T03:15:00Z. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'");

    /** A parsed {@code <methodCall>}. */
    public record Call(String method, List<Object> params) {}

    /** The XML is not a well-formed XML-RPC document. */
    public static final class ParseException extends Exception {
        ParseException(String message) {
            super(message);
        }
    }

    private XmlRpc() {}

    // ---- parsing -----------------------------------------------------------------------------------------

    private static XMLStreamReader reader(byte[] xml) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    /** Parses a {@code <methodCall>} request body. */
    public static Call parseCall(byte[] xml) throws ParseException {
        try {
            XMLStreamReader r = reader(xml);
            expectStart(r, "methodCall");
            String method = null;
            List<Object> params = new ArrayList<>();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "methodName" -> method = r.getElementText().trim();
                    case "params" -> params = parseParams(r);
                    default -> throw new ParseException("unexpected <" + r.getLocalName() + "> in <methodCall>");
                }
            }
            if (method == null || method.isEmpty()) {
                throw new ParseException("<methodCall> without <methodName>");
            }
            return new Call(method, params);
        } catch (XMLStreamException | RuntimeException e) {
            throw new ParseException("malformed XML-RPC call: " + e.getMessage());
        }
    }

    /**
     * Parses a {@code <methodResponse>}: the value of its single param, or for a {@code <fault>} a map with
     * faultCode/faultString (XAPI never sends faults; tests use this to read the simulator's answers).
     */
    public static Object parseResponse(byte[] xml) throws ParseException {
        try {
            XMLStreamReader r = reader(xml);
            expectStart(r, "methodResponse");
            r.nextTag();
            if (r.getLocalName().equals("fault")) {
                r.nextTag();
                return parseValue(r);
            }
            if (!r.getLocalName().equals("params")) {
                throw new ParseException("expected <params>, got <" + r.getLocalName() + ">");
            }
            List<Object> p = parseParams(r);
            if (p.size() != 1) {
                throw new ParseException("a methodResponse has exactly one param, got " + p.size());
            }
            return p.get(0);
        } catch (XMLStreamException | RuntimeException e) {
            throw new ParseException("malformed XML-RPC response: " + e.getMessage());
        }
    }

    private static void expectStart(XMLStreamReader r, String name) throws XMLStreamException, ParseException {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals(name)) {
            throw new ParseException("expected <" + name + ">");
        }
    }

    /** At {@code <params>}: reads every {@code <param><value>}, ends after {@code </params>}. */
    private static List<Object> parseParams(XMLStreamReader r) throws XMLStreamException, ParseException {
        List<Object> l = new ArrayList<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!r.getLocalName().equals("param")) {
                throw new ParseException("expected <param>, got <" + r.getLocalName() + ">");
            }
            r.nextTag();
            l.add(parseValue(r));
            if (r.nextTag() != XMLStreamConstants.END_ELEMENT) {
                throw new ParseException("more than one <value> in a <param>");
            }
        }
        return l;
    }

    /** At {@code <value>}: returns its value, positioned at {@code </value>}. */
    private static Object parseValue(XMLStreamReader r) throws XMLStreamException, ParseException {
        if (!r.isStartElement() || !r.getLocalName().equals("value")) {
            throw new ParseException("expected <value>");
        }
        StringBuilder text = new StringBuilder();
        Object typed = null;
        boolean hasTyped = false;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                if (hasTyped) {
                    throw new ParseException("two types in one <value>");
                }
                typed = parseTyped(r);
                hasTyped = true;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                if (hasTyped && !text.toString().isBlank()) {
                    throw new ParseException("text beside a typed <value>");
                }
                return hasTyped ? typed : text.toString();
            }
        }
    }

    private static Object parseTyped(XMLStreamReader r) throws XMLStreamException, ParseException {
        String type = r.getLocalName();
        try {
            return switch (type) {
                case "string" -> r.getElementText();
                case "int", "i4" -> Integer.parseInt(r.getElementText().trim());
                case "i8" -> Long.parseLong(r.getElementText().trim());
                case "boolean" -> {
                    String t = r.getElementText().trim();
                    if (!t.equals("1") && !t.equals("0")) {
                        throw new ParseException("bad <boolean> " + t);
                    }
                    yield t.equals("1");
                }
                case "double" -> Double.parseDouble(r.getElementText().trim());
                case "dateTime.iso8601" -> parseDate(r.getElementText().trim());
                case "base64" -> Base64.getMimeDecoder().decode(r.getElementText().trim());
                case "nil" -> {
                    r.nextTag();
                    yield null;
                }
                case "struct" -> parseStruct(r);
                case "array" -> parseArray(r);
                default -> throw new ParseException("unknown XML-RPC type <" + type + ">");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ParseException("bad <" + type + ">: " + e.getMessage());
        }
    }

    private static Instant parseDate(String s) {
        String t = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
        DateTimeFormatter f = t.contains("-")
                ? DateTimeFormatter.ISO_LOCAL_DATE_TIME : DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
        return LocalDateTime.parse(t, f).toInstant(ZoneOffset.UTC);
    }

    private static Map<String, Object> parseStruct(XMLStreamReader r) throws XMLStreamException, ParseException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!r.getLocalName().equals("member")) {
                throw new ParseException("expected <member>, got <" + r.getLocalName() + ">");
            }
            String name = null;
            Object value = null;
            boolean seen = false;
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("name")) {
                    name = r.getElementText();
                } else if (r.getLocalName().equals("value")) {
                    value = parseValue(r);
                    seen = true;
                } else {
                    throw new ParseException("unexpected <" + r.getLocalName() + "> in <member>");
                }
            }
            if (name == null || !seen) {
                throw new ParseException("<member> needs <name> and <value>");
            }
            m.put(name, value);
        }
        return m;
    }

    private static List<Object> parseArray(XMLStreamReader r) throws XMLStreamException, ParseException {
        List<Object> l = new ArrayList<>();
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals("data")) {
            throw new ParseException("<array> needs <data>");
        }
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            l.add(parseValue(r));
        }
        r.nextTag(); // </array>
        return l;
    }

    // ---- writing -----------------------------------------------------------------------------------------

    /** {@code <methodResponse>} with one value. */
    public static String response(Object value, boolean stringElements) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodResponse><params><param>");
        value(sb, value, stringElements);
        return sb.append("</param></params></methodResponse>\n").toString();
    }

    /** {@code <methodCall>} (for tests and tools talking to the simulator). */
    public static String call(String method, List<?> params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>")
                .append(escape(method)).append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param>");
            value(sb, p, true);
            sb.append("</param>");
        }
        return sb.append("</params></methodCall>\n").toString();
    }

    static void value(StringBuilder sb, Object v, boolean stringElements) {
        sb.append("<value>");
        if (v == null) {
            sb.append("<nil/>");
        } else if (v instanceof String s) {
            if (stringElements) {
                sb.append("<string>").append(escape(s)).append("</string>");
            } else {
                sb.append(escape(s));
            }
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? "1" : "0").append("</boolean>");
        } else if (v instanceof Integer i) {
            sb.append("<int>").append(i).append("</int>");
        } else if (v instanceof Long l) {
            sb.append("<i8>").append(l).append("</i8>");
        } else if (v instanceof Double d) {
            sb.append("<double>").append(d).append("</double>");
        } else if (v instanceof Instant t) {
            sb.append("<dateTime.iso8601>").append(DATE.format(t.atOffset(ZoneOffset.UTC)))
                    .append("</dateTime.iso8601>");
        } else if (v instanceof byte[] b) {
            sb.append("<base64>").append(Base64.getEncoder().encodeToString(b)).append("</base64>");
        } else if (v instanceof Map<?, ?> m) {
            sb.append("<struct>");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("<member><name>").append(escape(String.valueOf(e.getKey()))).append("</name>");
                value(sb, e.getValue(), stringElements);
                sb.append("</member>");
            }
            sb.append("</struct>");
        } else if (v instanceof List<?> l) {
            sb.append("<array><data>");
            for (Object o : l) {
                value(sb, o, stringElements);
            }
            sb.append("</data></array>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + v.getClass());
        }
        sb.append("</value>");
    }

    /** Escapes text content: {@code & < >}, and CR (which an XML parser would otherwise turn into LF). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
