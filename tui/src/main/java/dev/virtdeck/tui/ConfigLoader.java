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
import java.util.function.Function;

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
        return readMapping("keys", "action: key", "action", ActionId.class, ActionId::configName, path -> {
            List<KeySpec> specs = new ArrayList<>();
            if (p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) specs.add(parsed(path, KeySpec::parse));
            } else {
                specs.add(parsed(path, KeySpec::parse));
            }
            if (specs.isEmpty()) throw error(path, "at least one key is needed");
            return specs;
        });
    }

    private Map<Role, TextColor> readColors() throws IOException, ConfigException {
        return readMapping("colors", "role: colour", "colour role", Role.class, Role::configName,
                path -> parsed(path, Theme::parseColor));
    }

    /** One value of a mapping section, read from the parser positioned on its first token. */
    private interface ValueReader<V> {
        V read(String path) throws IOException, ConfigException;
    }

    /**
     * Reads {@code section}, a mapping from the config names of {@code type}'s constants to values;
     * an unknown or repeated name is an error naming its path.
     */
    private <K extends Enum<K>, V> Map<K, V> readMapping(String section, String shape, String what, Class<K> type,
                                                         Function<K, String> configName, ValueReader<V> value)
            throws IOException, ConfigException {
        Map<K, V> out = new EnumMap<>(type);
        if (p.currentToken() == JsonToken.VALUE_NULL) return out;
        if (p.currentToken() != JsonToken.START_OBJECT) throw error(section, "expected a mapping of " + shape);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String path = section + "." + name;
            K k = Arrays.stream(type.getEnumConstants()).filter(c -> configName.apply(c).equals(name)).findFirst()
                    .orElseThrow(() -> error(path, "unknown " + what + "; expected one of "
                            + String.join(", ", Arrays.stream(type.getEnumConstants()).map(configName).toList())));
            if (out.containsKey(k)) throw error(path, "duplicate key");
            p.nextToken();
            out.put(k, value.read(path));
        }
        return out;
    }

    /** The scalar at {@code path} through {@code parse}, whose IllegalArgumentException becomes an error there. */
    private <T> T parsed(String path, Function<String, T> parse) throws IOException, ConfigException {
        String text = scalar(path);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
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
