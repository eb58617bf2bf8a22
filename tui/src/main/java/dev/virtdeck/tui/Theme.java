package dev.virtdeck.tui;

import com.googlecode.lanterna.TextColor;
import dev.virtdeck.driver.VmState;

import java.util.EnumMap;
import java.util.Map;

/**
 * Colours by {@link Role}, defaults overridable from config.yaml. For {@link Role#SELECTED} the
 * colour is the background of the selected row; for every other role the foreground.
 */
public final class Theme {
    private final Map<Role, TextColor> colors;

    private Theme(Map<Role, TextColor> colors) {
        this.colors = new EnumMap<>(colors);
    }

    /** The built-in colours (docs/keys.md lists them). */
    public static Theme defaults() {
        Map<Role, TextColor> m = new EnumMap<>(Role.class);
        m.put(Role.RUNNING, TextColor.ANSI.GREEN_BRIGHT);
        m.put(Role.PAUSED, TextColor.ANSI.YELLOW_BRIGHT);
        m.put(Role.SHUTOFF, TextColor.ANSI.DEFAULT);
        m.put(Role.SHUTTING_DOWN, TextColor.ANSI.YELLOW);
        m.put(Role.CRASHED, TextColor.ANSI.RED_BRIGHT);
        m.put(Role.SUSPENDED, TextColor.ANSI.CYAN);
        m.put(Role.UNKNOWN, TextColor.ANSI.MAGENTA);
        m.put(Role.STALE, TextColor.ANSI.BLACK_BRIGHT);
        m.put(Role.HEADER, TextColor.ANSI.CYAN_BRIGHT);
        m.put(Role.SELECTED, TextColor.ANSI.BLUE);
        m.put(Role.MARKED, TextColor.ANSI.YELLOW_BRIGHT);
        m.put(Role.OK, TextColor.ANSI.GREEN_BRIGHT);
        m.put(Role.ERROR, TextColor.ANSI.RED_BRIGHT);
        m.put(Role.HINT_KEY, TextColor.ANSI.CYAN_BRIGHT);
        m.put(Role.DISABLED, TextColor.ANSI.BLACK_BRIGHT);
        m.put(Role.DANGER, TextColor.ANSI.RED_BRIGHT);
        m.put(Role.BORDER, TextColor.ANSI.BLUE_BRIGHT);
        return new Theme(m);
    }

    /** @return this theme with some colours replaced */
    public Theme with(Map<Role, TextColor> overrides) {
        Map<Role, TextColor> m = new EnumMap<>(colors);
        m.putAll(overrides);
        return new Theme(m);
    }

    public TextColor color(Role role) {
        return colors.get(role);
    }

    /** @return the colour of a VM state */
    public TextColor state(VmState s) {
        return colors.get(switch (s) {
            case RUNNING -> Role.RUNNING;
            case PAUSED -> Role.PAUSED;
            case SHUTOFF -> Role.SHUTOFF;
            case SHUTTING_DOWN -> Role.SHUTTING_DOWN;
            case CRASHED -> Role.CRASHED;
            case SUSPENDED -> Role.SUSPENDED;
            case UNKNOWN -> Role.UNKNOWN;
        });
    }

    /**
     * Parses a colour as written in config.yaml: an ANSI name ({@code green}, {@code red_bright},
     * {@code default}), {@code #rrggbb}, or a 0-255 palette index.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    public static TextColor parseColor(String text) {
        String t = text.strip();
        for (TextColor.ANSI a : TextColor.ANSI.values()) {
            if (a.name().equalsIgnoreCase(t.replace('-', '_'))) return a;
        }
        if (t.matches("#[0-9a-fA-F]{6}")) return TextColor.Factory.fromString(t);
        if (t.matches("\\d{1,3}") && Integer.parseInt(t) <= 255) return new TextColor.Indexed(Integer.parseInt(t));
        throw new IllegalArgumentException("unknown colour '" + text + "': expected an ANSI name (black, red, green,"
                + " yellow, blue, magenta, cyan, white, each optionally -bright, or default), #rrggbb or 0-255");
    }
}
