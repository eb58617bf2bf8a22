package dev.virtdeck.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML document as a small tree that remembers where every key and value starts. Built from
 * Jackson's streaming parser because its tree model forgets positions and silently merges
 * duplicate keys; both matter for error messages.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** Any node; line and column are 1-based. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        int column();

        /** @return a short name of the node's kind for "expected X, got Y" messages */
        String kind();
    }

    /** One {@code key: value} of a mapping, duplicates kept (the reader reports them). */
    record Entry(String key, int line, int column, Node value) {
    }

    record MapNode(List<Entry> entries, int line, int column) implements Node {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(List<Node> items, int line, int column) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code type} tells how YAML typed it (a quoted "22" is a string). */
    record Scalar(JsonToken type, String text, int line, int column) implements Node {
        boolean isNull() {
            return type == JsonToken.VALUE_NULL;
        }

        boolean isInt() {
            return type == JsonToken.VALUE_NUMBER_INT;
        }

        boolean isBoolean() {
            return type == JsonToken.VALUE_TRUE || type == JsonToken.VALUE_FALSE;
        }

        @Override
        public String kind() {
            return switch (type) {
                case VALUE_NULL -> "nothing";
                case VALUE_NUMBER_INT -> "the number " + text;
                case VALUE_NUMBER_FLOAT -> "the number " + text;
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + text;
                default -> "the text '" + text + "'";
            };
        }
    }

    private YamlTree() {
    }

    /**
     * Parses one YAML document.
     *
     * @return the root node, or null for an empty document (nothing, or only comments)
     * @throws InventoryException on a YAML syntax error, an alias, or several documents
     */
    static Node parse(String yaml, Path file) throws InventoryException {
        try (JsonParser p = FACTORY.createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            Node root = read(p, t, file);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new InventoryException(file, l.getLineNr(), l.getColumnNr(), null,
                        "only one YAML document is allowed in an inventory");
            }
            return root;
        } catch (com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e) {
            throw syntaxError(file, e);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InventoryException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    null, "YAML error: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // Parsing a String: only reachable through a parser bug; keep the cause.
            throw new InventoryException(file, 0, 0, null, "cannot parse: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("deprecation") // Jackson's wrapper is the only way to the SnakeYAML problem text
    private static InventoryException syntaxError(
            Path file, com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e) {
        // SnakeYAML's problem mark points at the offending character; Jackson's location may be
        // the reader's position after it.
        JsonLocation l = e.getLocation();
        int line = l == null ? 0 : l.getLineNr();
        int column = l == null ? 0 : l.getColumnNr();
        if (e.getProblemMark() != null) {
            line = e.getProblemMark().getLine() + 1;
            column = e.getProblemMark().getColumn() + 1;
        }
        StringBuilder msg = new StringBuilder("YAML syntax error: ");
        msg.append(e.getProblem() == null ? "invalid YAML" : oneLine(e.getProblem()));
        if (e.getContext() != null && e.getContextMark() != null) {
            msg.append(" (").append(oneLine(e.getContext())).append(" started at line ")
                    .append(e.getContextMark().getLine() + 1).append(", column ")
                    .append(e.getContextMark().getColumn() + 1).append(')');
        }
        return new InventoryException(file, line, column, null, msg.toString(), e);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private static Node read(JsonParser p, JsonToken t, Path file) throws IOException, InventoryException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            throw new InventoryException(file, line, col, null,
                    "YAML aliases (*" + p.getText() + ") are not supported in an inventory; use defaults: or groups:");
        }
        switch (t) {
            case START_OBJECT: {
                List<Entry> entries = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    Node value = read(p, p.nextToken(), file);
                    entries.add(new Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
                }
                return new MapNode(List.copyOf(entries), line, col);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, i, file));
                }
                return new ListNode(List.copyOf(items), line, col);
            }
            default:
                return new Scalar(t, p.getText(), line, col);
        }
    }
}
