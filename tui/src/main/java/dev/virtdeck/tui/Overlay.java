package dev.virtdeck.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A modal box drawn over the table; it gets every key while open. UI thread only. */
abstract sealed class Overlay permits Overlay.Text, Overlay.Confirm, Overlay.Input, Overlay.Pick {
    final String title;

    Overlay(String title) {
        this.title = title;
    }

    /** A scrollable text: help, log, host info, details, results. Esc or q closes. */
    static final class Text extends Overlay {
        final List<String> lines;
        final boolean failure;
        int top;

        Text(String title, List<String> lines, boolean failure) {
            super(title);
            this.lines = List.copyOf(lines);
            this.failure = failure;
        }
    }

    /** A yes/no question naming every target: y confirms, n or Esc cancels. */
    static final class Confirm extends Overlay {
        final List<String> lines;
        final Runnable onYes;

        Confirm(String title, List<String> lines, Runnable onYes) {
            super(title);
            this.lines = List.copyOf(lines);
            this.onYes = onYes;
        }
    }

    /**
     * A one-line input with explanatory lines above it. {@code submit} returns an error to show
     * (the dialog stays) or null (the dialog closes). Tab cycles {@code modes} when there are any.
     */
    static final class Input extends Overlay {
        final List<String> info;
        final StringBuilder text = new StringBuilder();
        final List<String> modes;
        final Function<Input, String> submit;
        int mode;
        String error;

        Input(String title, List<String> info, String initial, List<String> modes, Function<Input, String> submit) {
            super(title);
            this.info = new ArrayList<>(info);
            this.text.append(initial);
            this.modes = List.copyOf(modes);
            this.submit = submit;
        }

        String value() {
            return text.toString();
        }
    }

    /**
     * A list to pick from, with lines above it and a key line below: the picker owns its keys
     * ({@code onKey} returns false to close it). Used by the snapshots view.
     */
    static final class Pick extends Overlay {
        List<String> info;
        List<String> items;
        final String keysLine;
        final java.util.function.Predicate<com.googlecode.lanterna.input.KeyStroke> onKey;
        int selected;

        Pick(String title, List<String> info, List<String> items, String keysLine,
             java.util.function.Predicate<com.googlecode.lanterna.input.KeyStroke> onKey) {
            super(title);
            this.info = List.copyOf(info);
            this.items = List.copyOf(items);
            this.keysLine = keysLine;
            this.onKey = onKey;
        }
    }
}
