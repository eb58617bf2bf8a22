package dev.virtdeck.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Aligned text columns, two spaces apart; the last column is not padded. Null cells show "-". */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    Table row(Object... cells) {
        if (cells.length != columns) throw new IllegalArgumentException("expected " + columns + " cells");
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) r[i] = cells[i] == null ? "-" : oneLine(cells[i].toString());
        rows.add(r);
        return this;
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ');
    }

    void print(PrintStream out) {
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) sb.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
