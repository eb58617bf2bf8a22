package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One key as written in the key table and in config.yaml: a single character ({@code j},
 * {@code S}, {@code ?}), a named key ({@code up}, {@code down}, {@code pgdn}, {@code enter},
 * {@code esc}, {@code space}, {@code home}, {@code end}, {@code tab}, {@code f1}..{@code f12}), or
 * {@code ctrl-X} for a control character. Case matters for characters only.
 *
 * @param type the Lanterna key type ({@link KeyType#Character} for characters)
 * @param ch   the character, or 0 for named keys
 * @param ctrl Ctrl held
 */
public record KeySpec(KeyType type, char ch, boolean ctrl) {
    private static final Map<String, KeyType> NAMED = Map.ofEntries(
            Map.entry("up", KeyType.ArrowUp), Map.entry("down", KeyType.ArrowDown),
            Map.entry("left", KeyType.ArrowLeft), Map.entry("right", KeyType.ArrowRight),
            Map.entry("pgup", KeyType.PageUp), Map.entry("pgdn", KeyType.PageDown),
            Map.entry("home", KeyType.Home), Map.entry("end", KeyType.End),
            Map.entry("enter", KeyType.Enter), Map.entry("esc", KeyType.Escape),
            Map.entry("tab", KeyType.Tab), Map.entry("backspace", KeyType.Backspace),
            Map.entry("delete", KeyType.Delete), Map.entry("insert", KeyType.Insert),
            Map.entry("f1", KeyType.F1), Map.entry("f2", KeyType.F2), Map.entry("f3", KeyType.F3),
            Map.entry("f4", KeyType.F4), Map.entry("f5", KeyType.F5), Map.entry("f6", KeyType.F6),
            Map.entry("f7", KeyType.F7), Map.entry("f8", KeyType.F8), Map.entry("f9", KeyType.F9),
            Map.entry("f10", KeyType.F10), Map.entry("f11", KeyType.F11), Map.entry("f12", KeyType.F12));

    public KeySpec {
        Objects.requireNonNull(type, "type");
    }

    /** @return the spec of a plain character key */
    public static KeySpec of(char c) {
        return new KeySpec(KeyType.Character, c, false);
    }

    /**
     * Parses a key as written in config.yaml.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static KeySpec parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty key");
        if (text.length() == 1) return of(text.charAt(0));
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("space")) return of(' ');
        if (lower.startsWith("ctrl-") && text.length() == 6) {
            return new KeySpec(KeyType.Character, Character.toLowerCase(text.charAt(5)), true);
        }
        KeyType named = NAMED.get(lower);
        if (named != null) return new KeySpec(named, (char) 0, false);
        throw new IllegalArgumentException("unknown key '" + text + "': expected one character, ctrl-X, space, or one of "
                + String.join(", ", NAMED.keySet().stream().sorted().toList()));
    }

    /** @return whether the keystroke is this key (Shift is carried by the character itself) */
    public boolean matches(KeyStroke k) {
        if (k == null || k.getKeyType() != type) return false;
        if (type != KeyType.Character) return k.isCtrlDown() == ctrl;
        Character c = k.getCharacter();
        if (c == null || k.isCtrlDown() != ctrl || k.isAltDown()) return false;
        return ctrl ? Character.toLowerCase(c) == ch : c == ch;
    }

    /** @return the key as shown in the hint bar and help ({@code j}, {@code ctrl-a}, {@code space}, {@code down}) */
    public String label() {
        if (type == KeyType.Character) {
            if (ctrl) return "ctrl-" + ch;
            return ch == ' ' ? "space" : String.valueOf(ch);
        }
        for (Map.Entry<String, KeyType> e : NAMED.entrySet()) if (e.getValue() == type) return e.getKey();
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** @return a keystroke for this key, as a terminal would deliver it (tests, benchmark) */
    public KeyStroke stroke() {
        return type == KeyType.Character ? new KeyStroke(ch, ctrl, false) : new KeyStroke(type);
    }

    @Override
    public String toString() {
        return label();
    }
}
