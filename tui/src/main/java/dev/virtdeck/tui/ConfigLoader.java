package dev.virtdeck.tui;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.googlecode.lanterna.TextColor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads config.yaml with Jackson's streaming parser, which keeps the position of every token, so
 * that an unknown key or a bad value is reported with line and column like the inventory.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("refresh_seconds", "shutdown_timeout_seconds", "console_escape",
            "keys", "colors");
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Path file;
    private final JsonParser p;

    private ConfigLoader(Path file, JsonParser p) {
        this.file = file;
        this.p = p;
    }

    /** @return the file's settings, or the defaults when the file does not exist */
    public static TuiConfig load(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            return TuiConfig.defaults();
        } catch (IOException e) {
            throw new ConfigException(file, 0, 0, null, "cannot read: " + e.getMessage(), e);
        }
        return parse(yaml, file);
    }

    /** Parses config text; {@code file} is only used in messages. */
    public static TuiConfig parse(String yaml, Path file) throws ConfigException {
        try (JsonParser p = FACTORY.createParser(yaml)) {
            return new ConfigLoader(file, p).readRoot();
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), null,
                    "YAML error: " + e.getOriginalMessage().replaceAll("\\s+", " "), e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, 0, null, "cannot parse: " + e.getMessage(), e);
        }
    }

    private TuiConfig readRoot() throws IOException, ConfigException {
        TuiConfig d = TuiConfig.defaults();
        JsonToken t = p.nextToken();
        if (t == null || t == JsonToken.VALUE_NULL) return d;
        if (t != JsonToken.START_OBJECT) throw error(null, "the config is a mapping with the keys " + String.join(", ", TOP_KEYS));
        KeyTable keys = d.keys();
        Theme theme = d.theme();
        int escape = d.consoleEscape();
        String escapeLabel = d.escapeLabel();
        Duration refresh = d.refreshInterval();
        Duration shutdown = d.shutdownTimeout();
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation at = p.currentTokenLocation();
            if (!TOP_KEYS.contains(key)) throw error(key, "unknown key; expected one of " + String.join(", ", TOP_KEYS));
            if (!seen.add(key)) throw error(key, "duplicate key");
            p.nextToken();
            switch (key) {
                case "refresh_seconds" -> refresh = Duration.ofSeconds(integer(key, 1));
                case "shutdown_timeout_seconds" -> shutdown = Duration.ofSeconds(integer(key, 0));
                case "console_escape" -> {
                    escapeLabel = scalar(key);
                    escape = escapeByte(escapeLabel);
                    if (escape < 0) throw error(key, "expected ctrl-X with X one of A-Z @ [ \\ ] ^ _, got '" + escapeLabel + "'");
                }
                case "keys" -> {
                    Map<ActionId, List<KeySpec>> o = readKeys();
                    try {
                        keys = keys.withOverrides(o);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(file, at.getLineNr(), at.getColumnNr(), "keys", e.getMessage(), e);
                    }
                }
                default -> theme = theme.with(readColors());
            }
        }
        return new TuiConfig(keys, theme, escape, escapeLabel, refresh, shutdown);
    }

    private Map<ActionId, List<KeySpec>> readKeys() throws IOException, ConfigException {
        Map<ActionId, List<KeySpec>> out = new EnumMap<>(ActionId.class);
        if (p.currentToken() == JsonToken.VALUE_NULL) return out;
        if (p.currentToken() != JsonToken.START_OBJECT) throw error("keys", "expected a mapping of action: key");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String path = "keys." + name;
            ActionId a = ActionId.byConfigName(name);
            if (a == null) {
                throw error(path, "unknown action; expected one of "
                        + String.join(", ", Arrays.stream(ActionId.values()).map(ActionId::configName).toList()));
            }
            if (out.containsKey(a)) throw error(path, "duplicate key");
            JsonToken v = p.nextToken();
            List<KeySpec> specs = new ArrayList<>();
            if (v == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) specs.add(key(path));
            } else {
                specs.add(key(path));
            }
            if (specs.isEmpty()) throw error(path, "at least one key is needed");
            out.put(a, specs);
        }
        return out;
    }

    private KeySpec key(String path) throws IOException, ConfigException {
        String text = scalar(path);
        try {
            return KeySpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    private Map<Role, TextColor> readColors() throws IOException, ConfigException {
        Map<Role, TextColor> out = new EnumMap<>(Role.class);
        if (p.currentToken() == JsonToken.VALUE_NULL) return out;
        if (p.currentToken() != JsonToken.START_OBJECT) throw error("colors", "expected a mapping of role: colour");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String path = "colors." + name;
            Role r = Role.byConfigName(name);
            if (r == null) {
                throw error(path, "unknown colour role; expected one of "
                        + String.join(", ", Arrays.stream(Role.values()).map(Role::configName).toList()));
            }
            p.nextToken();
            String text = scalar(path);
            try {
                out.put(r, Theme.parseColor(text));
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
        }
        return out;
    }

    private String scalar(String path) throws IOException, ConfigException {
        JsonToken t = p.currentToken();
        if (t == null || t.isStructStart() || t == JsonToken.VALUE_NULL) throw error(path, "expected a value");
        return p.getText();
    }

    private long integer(String path, long min) throws IOException, ConfigException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw error(path, "expected a whole number, got '" + p.getText() + "'");
        long v = p.getLongValue();
        if (v < min) throw error(path, "must be at least " + min + ", got " + v);
        return v;
    }

    /** @return the byte a terminal sends for {@code ctrl-X} ({@code ctrl-]} is 0x1d), or -1 when invalid */
    static int escapeByte(String text) {
        if (text.length() == 6 && text.toLowerCase(java.util.Locale.ROOT).startsWith("ctrl-")) {
            char c = Character.toUpperCase(text.charAt(5));
            if (c >= '@' && c <= '_') return c & 0x1f;
        }
        return -1;
    }

    private ConfigException error(String path, String detail) {
        JsonLocation l = p.currentTokenLocation();
        return new ConfigException(file, l.getLineNr(), l.getColumnNr(), path, detail, null);
    }
}
