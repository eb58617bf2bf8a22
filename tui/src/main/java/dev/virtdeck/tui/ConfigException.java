package dev.virtdeck.tui;

import java.nio.file.Path;

/** An unreadable or invalid config.yaml; the message reads {@code FILE:LINE:COLUMN: KEY: detail}. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public ConfigException(Path file, int line, int column, String key, String detail, Throwable cause) {
        super((file == null ? "<config>" : file.toString()) + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "")
                + ": " + (key == null ? "" : key + ": ") + detail, cause);
        this.line = line;
        this.column = column;
    }

    /** @return 1-based line, 0 when unknown */
    public int line() {
        return line;
    }

    /** @return 1-based column, 0 when unknown */
    public int column() {
        return column;
    }
}
