package dev.virtdeck.tui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The VM table's order, htop's way: {@code >} / {@code <} move the sort to the next / previous
 * column, {@code I} reverses it. {@link Column#NONE} is the listing's order (inventory, then the
 * driver's). A new column sorts text ascending and figures descending (the busiest first, as top
 * does); unknown values always go last; ties keep the listing's order.
 *
 * @param column     the column sorted by
 * @param descending largest first
 */
public record TableSort(Column column, boolean descending) {
    public static final TableSort NONE = new TableSort(Column.NONE, false);

    /** The sortable columns, in table order. */
    public enum Column {
        NONE("listing", false, null),
        HOST("HOST", false, r -> r.vm().host().toLowerCase(Locale.ROOT)),
        NAME("NAME", false, r -> r.vm().name().toLowerCase(Locale.ROOT)),
        STATE("STATE", false, r -> r.vm().state().label()),
        VCPU("VCPU", true, r -> r.vm().vcpus()),
        MEMORY("MEMORY", true, r -> r.vm().memoryMiB()),
        CPU("CPU%", true, r -> r.rates().cpuPercent()),
        USED("USED", true, r -> r.vm().usage() == null ? null : r.vm().usage().memoryInUseKiB()),
        DISK("DISK R/W", true, r -> sum(r.rates().diskReadBps(), r.rates().diskWriteBps())),
        NET("NET RX/TX", true, r -> sum(r.rates().netRxBps(), r.rates().netTxBps()));

        private final String header;
        private final boolean figure;
        private final Function<VmRow, Comparable<?>> key;

        Column(String header, boolean figure, Function<VmRow, Comparable<?>> key) {
            this.header = header;
            this.figure = figure;
            this.key = key;
        }

        /** @return the table header this column is sorted under */
        public String header() {
            return header;
        }
    }

    /** @return the sort by the next column (after the last: the listing's order again) */
    public TableSort next() {
        Column[] all = Column.values();
        return of(all[(column.ordinal() + 1) % all.length]);
    }

    /** @return the sort by the previous column */
    public TableSort previous() {
        Column[] all = Column.values();
        return of(all[(column.ordinal() + all.length - 1) % all.length]);
    }

    /** @return the same column the other way round */
    public TableSort reversed() {
        return new TableSort(column, !descending);
    }

    /** @return a column's sort in its natural direction */
    public static TableSort of(Column c) {
        return new TableSort(c, c.figure);
    }

    /** @return e.g. {@code CPU% desc}, or {@code listing} */
    public String label() {
        return column == Column.NONE ? column.header + (descending ? " reversed" : "")
                : column.header + (descending ? " desc" : " asc");
    }

    /** @return the rows in this order (a new list; stable, so ties keep the listing's order) */
    public List<VmRow> apply(List<VmRow> rows) {
        List<VmRow> out = new ArrayList<>(rows);
        if (column == Column.NONE) {
            if (descending) java.util.Collections.reverse(out);
            return out;
        }
        out.sort(comparator());
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Comparator<VmRow> comparator() {
        Comparator<Comparable> values = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Function<VmRow, Comparable> key = (Function) column.key;
        return Comparator.comparing(key, Comparator.nullsLast(values));
    }

    private static Double sum(Double a, Double b) {
        if (a == null) return b;
        return b == null ? a : a + b;
    }
}
