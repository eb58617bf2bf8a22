package dev.virtdeck.inventory;

import java.nio.file.Path;

/**
 * An inventory that cannot be read or is invalid. {@link #getMessage()} reads
 * {@code FILE:LINE:COLUMN: KEY: message}; parts that are unknown are left out (an I/O error has
 * no line, a syntax error no key).
 */
public final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String key;
    private final String detail;

    /**
     * @param file   the inventory file, or null
     * @param line   1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param key    the offending key (dotted path such as {@code hosts.kvm1.port}), or null
     * @param detail what is wrong
     */
    public InventoryException(Path file, int line, int column, String key, String detail) {
        this(file, line, column, key, detail, null);
    }

    public InventoryException(Path file, int line, int column, String key, String detail, Throwable cause) {
        super(format(file, line, column, key, detail), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
        this.detail = detail;
    }

    private static String format(Path file, int line, int column, String key, String detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<inventory>" : file.toString());
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (key != null) {
            sb.append(key).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** @return the inventory file, or null */
    public Path file() {
        return file;
    }

    /** @return 1-based line, or 0 when unknown */
    public int line() {
        return line;
    }

    /** @return 1-based column, or 0 when unknown */
    public int column() {
        return column;
    }

    /** @return the offending key as a dotted path, or null */
    public String key() {
        return key;
    }

    /** @return the message without the location prefix */
    public String detail() {
        return detail;
    }
}
